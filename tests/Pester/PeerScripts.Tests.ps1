# The peers' own node tests (tests/peers/*.test.mjs: the loopback preload and the SDK example starter) run here, so
# the scripts every other test relies on are themselves tested by the README's test command.
BeforeDiscovery {
    $peerTests = Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot '../peers') -Filter '*.test.mjs' |
        ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Peer script self-tests (node --test)' {
    It 'has node self-tests to run' {
        $peerTests.Count | Should -BeGreaterThan 0
    } -ForEach @{ peerTests = $peerTests }

    It '<Name> passes every node test' -ForEach $peerTests {
        Push-Location (Split-Path -Parent $Path)
        try {
            $tap = & node --test --test-reporter=tap $Path 2>&1 | ForEach-Object { "$_" }
            $exitCode = $LASTEXITCODE
        }
        finally { Pop-Location }

        $passed = [int](($tap | Select-String -Pattern '^# pass (\d+)$').Matches[0].Groups[1].Value)
        $failedNames = $tap | Select-String -Pattern '^\s*not ok \d+ - (.+)$' | ForEach-Object { $_.Matches[0].Groups[1].Value }
        $failedNames | Should -BeNullOrEmpty -Because "these node tests failed:`n$($tap -join "`n")"
        $exitCode | Should -Be 0
        $passed | Should -BeGreaterThan 0
    }
}
