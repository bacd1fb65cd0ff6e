using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.Tls;

namespace ScalekitReadiness.Checks.QuickChecks;

/// <summary>One endpoint SK-QC-010 examines.</summary>
internal sealed class HttpsEndpoint
{
    public HttpsEndpoint(string url, string? plainHttpUrl = null)
    {
        Url = url;
        PlainHttpUrl = plainHttpUrl;
    }

    /// <summary>Gets the URL as configured or given; it is the result's target.</summary>
    public string Url { get; }

    /// <summary>Gets the plain-http URL to probe instead of <c>http://&lt;host&gt;/&lt;path&gt;</c> (port 80), or null.</summary>
    public string? PlainHttpUrl { get; }

    /// <summary>Gets the configuration keys that hold this URL (for the evidence).</summary>
    public IList<string> ConfiguredAs { get; } = new List<string>();
}

/// <summary>
/// SK-QC-010: every auth endpoint is reachable only over HTTPS that a browser and an MCP client will trust:
/// the plain-http form redirects to https on the same host (or refuses), HSTS is sent with the policy's
/// max-age, TLS 1.0 and 1.1 are refused (probed with hand-built ClientHellos, whatever the local TLS library
/// allows), TLS 1.2+ works, and the certificate is valid for the host and not about to expire.
/// </summary>
internal sealed class HttpsEnforcementCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-QC-010";

    /// <summary>The configuration keys whose URLs are examined, in this order.</summary>
    internal const string EndpointKeys =
        "Environment.Url, App.BaseUrl, App.LoginUrl, App.CallbackUrl, App.LogoutUrl, App.ProtectedApiUrl or Mcp.ServerUrl";

    private static readonly ushort[] s_offeredVersions = { TlsProtocolVersion.Tls10, TlsProtocolVersion.Tls11, TlsProtocolVersion.Tls12 };

    private static readonly CheckDefinition s_definition = new(
        CheckId,
        "HTTPS enforced on every auth endpoint",
        CheckSection.QuickChecks,
        Severity.Critical,
        Safety.Passive,
        "For each configured endpoint (environment, app base/login/callback/logout/API, MCP server), one result: the URL is https; its plain http:// form redirects to https on the same host or refuses the connection, and never serves content; Strict-Transport-Security is sent with max-age at least Policy.MinHstsMaxAgeSeconds (includeSubDomains absent: Warning); TLS 1.0 and 1.1 are refused (probed with raw ClientHellos, so the verdict does not depend on the local TLS library) and a TLS 1.2+ handshake succeeds; the certificate chain is trusted and valid for the host; it expires in more than Policy.CertificateExpiryWarningDays (Warning) and Policy.CertificateExpiryFailDays (Failed).",
        "Serve every auth endpoint over https only: make port 80 answer with a 301/308 to the same URL on https on the same host (or close it), and never serve pages or APIs over http. Send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https response. Allow TLS 1.2 and 1.3 only (nginx: ssl_protocols TLSv1.2 TLSv1.3; IIS/Windows: disable TLS 1.0/1.1 in SChannel; load balancers: pick a TLS 1.2+ security policy). Use a certificate from a public CA whose SAN covers the host, serve the full chain, and renew automatically well before expiry.",
        new[] { EndpointKeys },
        new[]
        {
            "RFC 6797 (HTTP Strict Transport Security)",
            "RFC 8996 (Deprecating TLS 1.0 and TLS 1.1)",
            "RFC 9110 §4.2.2 (https URIs) and OAuth 2.0 Security BCP (RFC 9700) §4.1, §4.3",
            "MCP specification 2025-11-25, Authorization: all authorization endpoints MUST be served over HTTPS",
        });

    private readonly IReadOnlyList<HttpsEndpoint>? _endpoints;

    /// <summary>The catalog's instance: examines the configured endpoints.</summary>
    public HttpsEnforcementCheck()
        : this(null)
    {
    }

    /// <summary>An instance that examines the given endpoints instead of the configured ones (Test-SkHttpsEnforcement).</summary>
    public HttpsEnforcementCheck(IReadOnlyList<HttpsEndpoint>? endpoints)
        : base(s_definition)
    {
        _endpoints = endpoints;
    }

    public override string? MissingConfiguration(AuditContext context) =>
        Endpoints(context).Count == 0 ? EndpointKeys : null;

    public string? DefaultTarget(AuditContext context) => Endpoints(context).FirstOrDefault()?.Url;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        var run = new Run(context, cancellationToken);
        return await Task.WhenAll(Endpoints(context).Select(run.JudgeAsync)).ConfigureAwait(false);
    }

    /// <summary>The plain-http form of an https URL: same host and path on port 80.</summary>
    internal static Uri PlainHttpForm(Uri url) => new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Port = 80 }.Uri;

    /// <summary>The configured endpoints, deduplicated by URL, each with every key that names it.</summary>
    internal IReadOnlyList<HttpsEndpoint> Endpoints(AuditContext context)
    {
        if (_endpoints is not null)
        {
            return _endpoints;
        }

        AuditConfiguration configuration = context.Configuration;
        var endpoints = new List<HttpsEndpoint>();
        void Add(string key, string? url)
        {
            if (url is null)
            {
                return;
            }

            HttpsEndpoint? same = endpoints.FirstOrDefault(e => SameUrl(e.Url, url));
            if (same is null)
            {
                same = new HttpsEndpoint(url);
                endpoints.Add(same);
            }

            same.ConfiguredAs.Add(key);
        }

        Add("Environment.Url", configuration.EnvironmentUrl);
        Add("App.BaseUrl", configuration.App.BaseUrl);
        Add("App.LoginUrl", configuration.App.LoginUrl);
        Add("App.CallbackUrl", configuration.App.CallbackUrl);
        Add("App.LogoutUrl", configuration.App.LogoutUrl);
        Add("App.ProtectedApiUrl", configuration.App.ProtectedApiUrl);
        Add("Mcp.ServerUrl", configuration.McpServerUrl);
        return endpoints;
    }

    private static bool SameUrl(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out Uri? x) && Uri.TryCreate(b, UriKind.Absolute, out Uri? y)
            ? string.Equals(x.AbsoluteUri, y.AbsoluteUri, StringComparison.Ordinal)
            : string.Equals(a, b, StringComparison.Ordinal);

    private static string Date(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Days(long days) => days.ToString(CultureInfo.InvariantCulture) + (days == 1 ? " day" : " days");

    /// <summary>What the TLS probes of one host:port showed; shared by every endpoint on it.</summary>
    private sealed class TlsInspection
    {
        public TlsInspection(TlsHandshakeReport handshake, IReadOnlyList<KeyValuePair<ushort, TlsServerAnswer>> offers)
        {
            Handshake = handshake;
            Offers = offers;
        }

        public TlsHandshakeReport Handshake { get; }

        public IReadOnlyList<KeyValuePair<ushort, TlsServerAnswer>> Offers { get; }
    }

    /// <summary>One run of the check: the shared TLS inspections and certificate trust, and the per-endpoint judgement.</summary>
    private sealed class Run
    {
        private readonly AuditContext _context;
        private readonly CancellationToken _cancellationToken;
        private readonly TlsProber _prober;
        private readonly CertificateTrust _trust;
        private readonly ConcurrentDictionary<string, Lazy<Task<TlsInspection>>> _inspections = new(StringComparer.OrdinalIgnoreCase);

        public Run(AuditContext context, CancellationToken cancellationToken)
        {
            _context = context;
            _cancellationToken = cancellationToken;
            _prober = new TlsProber(context.Probe.Options);
            // Validation is always computed here; -SkipCertificateCheck only decides whether it is judged.
            _trust = new CertificateTrust(context.Probe.Options.TrustedCaPath, skipCheck: false);
        }

        private bool SkipCertificateCheck => _context.Probe.Options.SkipCertificateCheck;

        public async Task<CheckResult> JudgeAsync(HttpsEndpoint endpoint)
        {
            ResultBuilder result = _context.StartResult(s_definition, endpoint.Url);
            if (endpoint.ConfiguredAs.Count > 0)
            {
                result.Evidence("Configured as", string.Join(", ", endpoint.ConfiguredAs));
            }

            var passed = new List<string>();
            try
            {
                var url = new Uri(endpoint.Url);
                Uri plain = endpoint.PlainHttpUrl is string explicitPlain ? new Uri(explicitPlain) : PlainHttpForm(url);
                if (url.Scheme == Uri.UriSchemeHttps)
                {
                    await JudgeHttpsAsync(url, result, passed).ConfigureAwait(false);
                    await JudgePlainHttpAsync(plain, url.IdnHost, result, passed).ConfigureAwait(false);
                }
                else
                {
                    result.Fail($"{endpoint.Url} is plain http: everything sent to it (codes, tokens, cookies, the client secret) travels in the clear and can be changed on the way. Configure and publish the https URL.");
                    Uri? upgraded = await JudgePlainHttpAsync(url, url.IdnHost, result, passed).ConfigureAwait(false);
                    if (upgraded is null)
                    {
                        result.Evidence("HTTPS", "not probed: the configured URL is plain http and does not redirect to https on the same host");
                    }
                    else
                    {
                        await JudgeHttpsAsync(upgraded, result, passed).ConfigureAwait(false);
                    }
                }
            }
            catch (ProbeException ex)
            {
                return result.Error(ex.Message);
            }

            return result.Build($"HTTPS is enforced on {endpoint.Url}: {string.Join("; ", passed)}.");
        }

        private Task<TlsInspection> Inspect(Uri url) =>
            _inspections.GetOrAdd(url.IdnHost + ":" + url.Port.ToString(CultureInfo.InvariantCulture), _ => new Lazy<Task<TlsInspection>>(() => InspectAsync(url))).Value;

        private async Task<TlsInspection> InspectAsync(Uri url)
        {
            TlsHandshakeReport handshake = await _prober.HandshakeAsync(url, _cancellationToken).ConfigureAwait(false);
            var offers = new List<KeyValuePair<ushort, TlsServerAnswer>>();
            foreach (ushort version in s_offeredVersions)
            {
                offers.Add(new KeyValuePair<ushort, TlsServerAnswer>(version, await _prober.OfferAsync(url, version, _cancellationToken).ConfigureAwait(false)));
            }

            return new TlsInspection(handshake, offers);
        }

        private async Task JudgeHttpsAsync(Uri url, ResultBuilder result, List<string> passed)
        {
            TlsInspection tls = await Inspect(url).ConfigureAwait(false);
            bool handshakeOk = JudgeVersions(url, tls, result, passed);
            bool certificateOk = false;
            if (tls.Handshake.Certificate is null)
            {
                result.Evidence("Certificate", "not read: " + (tls.Handshake.Failure ?? "the server sent none"));
            }
            else
            {
                certificateOk = JudgeCertificate(url, tls.Handshake, result, passed);
            }

            if (!handshakeOk || !certificateOk)
            {
                // RFC 6797 §8.1: a browser ignores HSTS received over a connection with certificate errors.
                result.Evidence("Strict-Transport-Security", "not checked: no trusted TLS 1.2+ connection to read it over");
                return;
            }

            ProbeResponse response = await _context.Probe.SendAsync(ProbeRequest.Get(url), _cancellationToken).ConfigureAwait(false);
            result.Evidence("HTTPS", response.Exchange.Summary);
            JudgeHsts(url, response, result, passed);
        }

        /// <summary>Judges the ClientHello answers and the handshake; returns whether a TLS 1.2+ connection can be used.</summary>
        private bool JudgeVersions(Uri url, TlsInspection tls, ResultBuilder result, List<string> passed)
        {
            string authority = url.Authority;
            bool tls12Accepted = false;
            var refused = new List<string>();
            foreach (KeyValuePair<ushort, TlsServerAnswer> offer in tls.Offers)
            {
                string name = TlsProtocolVersion.Name(offer.Key);
                TlsServerAnswer answer = offer.Value;
                bool accepted = answer.Kind == TlsServerAnswerKind.ServerHello && answer.Version == offer.Key;
                bool undecided = answer.Kind is TlsServerAnswerKind.NotTls or TlsServerAnswerKind.Unexpected or TlsServerAnswerKind.Silent;
                result.Evidence(
                    name + " ClientHello",
                    (accepted ? "accepted: " : undecided ? "undecided: " : "refused: ") + answer.Detail);
                if (offer.Key == TlsProtocolVersion.Tls12)
                {
                    tls12Accepted = accepted;
                }
                else if (accepted)
                {
                    result.Fail($"{authority} accepts {name}: it answered a {name} ClientHello with a {name} ServerHello. {name} is deprecated (RFC 8996) and open to downgrade attacks; allow TLS 1.2 and 1.3 only.");
                }
                else if (undecided)
                {
                    result.Warn($"Could not tell whether {authority} refuses {name}: to a {name} ClientHello it sent {answer.Detail}.");
                }
                else
                {
                    refused.Add(name);
                }
            }

            TlsHandshakeReport handshake = tls.Handshake;
            result.Evidence(
                "TLS handshake",
                handshake.Failure is null ? handshake.Protocol + ", " + handshake.CipherSuite : "failed: " + handshake.Failure);
            bool modern = handshake.ProtocolVersion >= TlsProtocolVersion.Tls12;
            if (!modern && !tls12Accepted)
            {
                result.Fail($"{authority} completed no TLS 1.2 or TLS 1.3 handshake ({handshake.Failure ?? handshake.Protocol}): clients that allow only TLS 1.2 and later cannot connect.");
            }

            if (refused.Count == 2)
            {
                passed.Add(string.Join(" and ", refused) + " refused, " + (handshake.Protocol ?? "TLS 1.2") + " negotiated");
            }

            return handshake.Failure is null;
        }

        private bool JudgeCertificate(Uri url, TlsHandshakeReport handshake, ResultBuilder result, List<string> passed)
        {
            X509Certificate2 certificate = handshake.Certificate!;
            string authority = url.Authority;
            string host = url.IdnHost;
            string names = SubjectAlternativeNames(certificate);
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            DateTimeOffset now = _context.Clock();
            long daysLeft = (long)Math.Truncate((notAfter - now).TotalDays);
            result.Evidence("Certificate subject", certificate.Subject);
            result.Evidence("Certificate SAN", names);
            result.Evidence("Certificate issuer", certificate.Issuer);
            result.Evidence("Certificate notAfter", Date(notAfter));
            result.Evidence("Certificate days left", daysLeft.ToString(CultureInfo.InvariantCulture));
            if (handshake.Chain.Count > 0)
            {
                result.Evidence("Certificate chain", string.Join(" ← ", handshake.Chain));
            }

            PolicySettings policy = _context.Configuration.Policy;
            bool timeValid = false;
            if (now > notAfter)
            {
                long ago = (long)Math.Floor((now - notAfter).TotalDays);
                result.Fail($"The certificate of {authority} expired on {Date(notAfter)} ({(ago == 0 ? "today" : Days(ago) + " ago")}): browsers and MCP clients refuse the connection. Renew it now.");
            }
            else if (now < notBefore)
            {
                result.Fail($"The certificate of {authority} is not valid before {Date(notBefore)}: clients refuse the connection until then (or this machine's clock is wrong).");
            }
            else
            {
                timeValid = true;
                if (daysLeft <= policy.CertificateExpiryFailDays)
                {
                    result.Fail($"The certificate of {authority} expires in {Days(daysLeft)} (on {Date(notAfter)}), within the {Days(policy.CertificateExpiryFailDays)} of Policy.CertificateExpiryFailDays: renew it now.");
                }
                else if (daysLeft <= policy.CertificateExpiryWarningDays)
                {
                    result.Warn($"The certificate of {authority} expires in {Days(daysLeft)} (on {Date(notAfter)}), within the {Days(policy.CertificateExpiryWarningDays)} of Policy.CertificateExpiryWarningDays: renew it soon, and make renewal automatic.");
                }
            }

            if (SkipCertificateCheck)
            {
                result.Evidence("Certificate trust", "not judged: certificate validation is switched off (-SkipCertificateCheck)");
                return true;
            }

            SslPolicyErrors errors = handshake.PolicyErrors;
            bool hostValid = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
            SslPolicyErrors chainErrors = errors & ~SslPolicyErrors.RemoteCertificateNameMismatch;
            bool chainTrusted = _trust.Validate(host, certificate, chainErrors);
            result.Evidence(
                "Certificate trust",
                chainTrusted
                    ? chainErrors == SslPolicyErrors.None ? "trusted by this machine" : "trusted through the CA of the trusted-CA file (-TrustedCaPath)"
                    : "not trusted: " + (_trust.LastFailure(host) ?? chainErrors.ToString()));
            if (!hostValid)
            {
                result.Fail($"The certificate of {authority} is not valid for the host name {host}: it names {names}. Browsers and MCP clients refuse the connection. Issue a certificate whose SAN covers {host}.");
            }

            if (!chainTrusted && timeValid)
            {
                result.Fail($"The certificate chain of {authority} is not trusted ({_trust.LastFailure(host)}; issuer {certificate.Issuer}). Serve the full chain of a public CA, or, for an internal CA, pass its PEM with -TrustedCaPath (Network.TrustedCaPath).");
            }

            bool valid = hostValid && chainTrusted && timeValid;
            if (valid)
            {
                passed.Add($"certificate valid for {host} until {Date(notAfter)} ({Days(daysLeft)} left)");
            }

            return valid;
        }

        private void JudgeHsts(Uri url, ProbeResponse response, ResultBuilder result, List<string> passed)
        {
            long minimum = _context.Configuration.Policy.MinHstsMaxAgeSeconds;
            string[] values = response.HeaderValues("Strict-Transport-Security").ToArray();
            if (values.Length == 0)
            {
                result.Evidence("Strict-Transport-Security", "(absent)");
                result.Fail($"{url} answers without a Strict-Transport-Security header: a browser that is sent to http:// once can be kept on plain http by an attacker (SSL stripping). Send Strict-Transport-Security: max-age={minimum.ToString(CultureInfo.InvariantCulture)}; includeSubDomains (or longer) on every https response.");
                return;
            }

            // RFC 6797 §8.1: only the first header is processed.
            result.Evidence("Strict-Transport-Security", values[0] + (values.Length > 1 ? " (and " + (values.Length - 1).ToString(CultureInfo.InvariantCulture) + " more, which browsers ignore)" : string.Empty));
            StrictTransportSecurity hsts = StrictTransportSecurity.Parse(values[0]);
            if (hsts.Problem is not null)
            {
                result.Fail($"The Strict-Transport-Security header of {url} is invalid: {hsts.Problem}.");
                return;
            }

            long maxAge = hsts.MaxAge!.Value;
            if (maxAge < minimum)
            {
                result.Fail($"Strict-Transport-Security max-age is {maxAge.ToString(CultureInfo.InvariantCulture)} s, below the {minimum.ToString(CultureInfo.InvariantCulture)} s of Policy.MinHstsMaxAgeSeconds: browsers forget to insist on https too soon. Raise max-age (31536000 = one year is usual).");
            }

            if (!hsts.IncludeSubDomains)
            {
                result.Warn("Strict-Transport-Security has no includeSubDomains: subdomains, and cookies scoped to the parent domain, can still be reached over plain http. Add includeSubDomains once every subdomain serves https.");
            }

            if (maxAge >= minimum)
            {
                passed.Add("HSTS max-age=" + maxAge.ToString(CultureInfo.InvariantCulture) + (hsts.IncludeSubDomains ? " with includeSubDomains" : string.Empty));
            }
        }

        /// <summary>Probes the plain-http form; returns the https URL on the same host it redirects to, if it does.</summary>
        private async Task<Uri?> JudgePlainHttpAsync(Uri plain, string host, ResultBuilder result, List<string> passed)
        {
            Uri current = plain;
            for (int hop = 0; hop <= _context.Probe.Options.MaxRedirects; hop++)
            {
                ProbeResponse response;
                try
                {
                    response = await _context.Probe.SendAsync(ProbeRequest.Get(current), _cancellationToken).ConfigureAwait(false);
                }
                catch (ProbeException ex)
                {
                    // Refusing (or silently dropping) plain http is as good as redirecting it: nothing is served.
                    result.Evidence("Plain http", current + " → no answer (" + ex.Failure + ")");
                    passed.Add("plain http " + current.Authority + " does not answer (" + ex.Failure + ")");
                    return null;
                }

                result.Evidence("Plain http", response.Exchange.Summary);
                string? location = response.Header("Location");
                if (!response.IsRedirect || location is null)
                {
                    int status = response.StatusCode;
                    if (status is (>= 100 and < 300) or 401)
                    {
                        // A 401 challenge is the protected API itself answering: a token sent over http would be accepted.
                        result.Fail($"{current} serves content over plain http ({status.ToString(CultureInfo.InvariantCulture)}, {response.Exchange.BodyBytes.ToString(CultureInfo.InvariantCulture)} bytes) instead of redirecting to https: anything on that connection, cookies and tokens included, travels in the clear. Redirect every http request to https on the same host.");
                    }
                    else
                    {
                        result.Warn($"{current} answers {status.ToString(CultureInfo.InvariantCulture)} over plain http instead of redirecting to https on the same host (or refusing the connection): users who type the http address get an error.");
                    }

                    return null;
                }

                if (!Uri.TryCreate(current, location, out Uri? target))
                {
                    result.Fail($"{current} redirects to '{location}', which is not a valid URL.");
                    return null;
                }

                bool sameHost = string.Equals(target.IdnHost, host, StringComparison.OrdinalIgnoreCase);
                if (!sameHost)
                {
                    result.Fail($"{current} redirects to {target}, on another host ({target.Host}): plain http must be redirected to https on the same host, or refused. A redirect elsewhere sends your users to a host that does not carry your HSTS policy, and may not be yours.");
                    return null;
                }

                if (target.Scheme == Uri.UriSchemeHttps)
                {
                    passed.Add("plain http redirects to https on the same host (" + response.StatusCode.ToString(CultureInfo.InvariantCulture) + ")");
                    return target;
                }

                current = target;
            }

            result.Fail($"{plain} redirects more than {_context.Probe.Options.MaxRedirects.ToString(CultureInfo.InvariantCulture)} times over plain http without reaching https.");
            return null;
        }

        private static string SubjectAlternativeNames(X509Certificate2 certificate)
        {
#if NET7_0_OR_GREATER
            foreach (X509Extension extension in certificate.Extensions)
            {
                if (extension is X509SubjectAlternativeNameExtension san)
                {
                    IEnumerable<string> names = san.EnumerateDnsNames().Select(n => "DNS:" + n)
                        .Concat(san.EnumerateIPAddresses().Select(a => "IP:" + a));
                    return string.Join(", ", names);
                }
            }
#else
            foreach (X509Extension extension in certificate.Extensions)
            {
                if (extension.Oid?.Value == "2.5.29.17")
                {
                    return extension.Format(multiLine: false);
                }
            }
#endif
            return "(no subject alternative names; subject " + certificate.Subject + ")";
        }
    }
}
