using System;
using System.IO;
using System.Reflection;
#if NET5_0_OR_GREATER
using System.Runtime.Loader;
#endif

namespace ScalekitReadiness.Loader;

/// <summary>
/// Loads the cmdlet assembly so that its dependencies (Newtonsoft.Json, Microsoft.IdentityModel.*,
/// Microsoft.Extensions.*) never clash with other modules' copies in the same PowerShell process.
/// PowerShell 7: one AssemblyLoadContext holds the cmdlet assembly and every dependency beside it.
/// Windows PowerShell 5.1: an AssemblyResolve handler serves our own copies, and only to our own assemblies.
/// </summary>
public static class ModuleLoader
{
    private const string ModuleAssemblyName = "ScalekitReadiness";
    private static readonly object s_gate = new();
    private static Assembly? s_module;

    /// <summary>Loads (once) and returns the cmdlet assembly from <paramref name="binPath"/>.</summary>
    /// <param name="binPath">The module's bin folder for this edition (bin/net8.0 or bin/net472).</param>
    /// <returns>The cmdlet assembly, for <c>Import-Module -Assembly</c>.</returns>
    public static Assembly Initialize(string binPath)
    {
        lock (s_gate)
        {
            if (s_module is null)
            {
                string fullPath = Path.GetFullPath(binPath);
#if NET5_0_OR_GREATER
                var context = new ModuleLoadContext(fullPath);
                s_module = context.LoadFromAssemblyName(new AssemblyName(ModuleAssemblyName));
#else
                ScopedAssemblyResolver.Register(fullPath);
                s_module = Assembly.LoadFrom(Path.Combine(fullPath, ModuleAssemblyName + ".dll"));
#endif
            }

            return s_module;
        }
    }
}

#if NET5_0_OR_GREATER
/// <summary>The module's own load context: every DLL in the module's bin folder loads here, everything else from PowerShell.</summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    private readonly string _binPath;

    public ModuleLoadContext(string binPath)
        : base("ScalekitReadiness", isCollectible: false)
    {
        _binPath = binPath;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The loader itself lives in the default context; our copy must not shadow it.
        if (string.Equals(assemblyName.Name, typeof(ModuleLoadContext).Assembly.GetName().Name, StringComparison.Ordinal))
        {
            return null;
        }

        string candidate = Path.Combine(_binPath, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
#else
/// <summary>
/// Windows PowerShell applies no binding redirects for modules and may already hold an older Newtonsoft.Json
/// (Azure Automation's sandbox has 10.x). This handler answers only for DLLs that exist in our bin folder and
/// only when the requester is one of our assemblies (or unknown), loading our copy whatever version was asked.
/// </summary>
internal static class ScopedAssemblyResolver
{
    private static string s_binPath = string.Empty;

    public static void Register(string binPath)
    {
        s_binPath = binPath;
        AppDomain.CurrentDomain.AssemblyResolve += Resolve;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        string? name = new AssemblyName(args.Name).Name;
        if (name is null)
        {
            return null;
        }

        string candidate = Path.Combine(s_binPath, name + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }

        Assembly? requester = args.RequestingAssembly;
        if (requester is not null && !IsOurs(requester))
        {
            return null;
        }

        return Assembly.LoadFrom(candidate);
    }

    private static bool IsOurs(Assembly assembly)
    {
        try
        {
            string? directory = Path.GetDirectoryName(assembly.Location);
            return string.Equals(directory, s_binPath, StringComparison.OrdinalIgnoreCase);
        }
        catch (NotSupportedException)
        {
            return false; // dynamic assemblies have no location
        }
    }
}
#endif
