using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Auth;

/// <summary>
/// Walks a browser flow through the probe client the way a browser would: follows redirects across hosts (at
/// most the probe's limit), keeps the cookies each host sets and sends them back only to that host. Every
/// cookie value goes to the redactor, so no evidence can show one.
/// </summary>
internal sealed class CookieWalk
{
    private readonly AuditContext _context;
    private readonly Dictionary<string, Dictionary<string, ObservedCookie>> _jar = new(StringComparer.OrdinalIgnoreCase);

    public CookieWalk(AuditContext context)
    {
        _context = context;
    }

    /// <summary>Gets every Set-Cookie seen, in order, with the URL that set it.</summary>
    public List<(ObservedCookie Cookie, Uri Url)> Seen { get; } = new();

    /// <summary>Gets the cookies currently held for <paramref name="url"/>'s host.</summary>
    public IReadOnlyList<ObservedCookie> CookiesFor(Uri url) =>
        _jar.TryGetValue(url.Authority, out Dictionary<string, ObservedCookie>? cookies) ? cookies.Values.ToArray() : Array.Empty<ObservedCookie>();

    /// <summary>Puts a cookie into the jar for <paramref name="url"/>'s host (a session cookie the caller supplied).</summary>
    public void Hold(Uri url, ObservedCookie cookie)
    {
        _context.Redactor.AddSecret(cookie.Value);
        Jar(url)[cookie.Name] = cookie;
    }

    /// <summary>Sends <paramref name="request"/> with the host's cookies and follows redirects; returns every hop.</summary>
    public async Task<IReadOnlyList<ProbeResponse>> FollowAsync(ProbeRequest request, ResultBuilder result, string label, CancellationToken cancellationToken)
    {
        var hops = new List<ProbeResponse>();
        ProbeRequest current = request;
        while (true)
        {
            ProbeResponse response = await SendAsync(current, cancellationToken).ConfigureAwait(false);
            hops.Add(response);
            result.Evidence(label, response.Exchange.Summary);
            string? location = response.Header("Location");
            if (!response.IsRedirect || location is null || hops.Count > _context.Probe.Options.MaxRedirects
                || !Uri.TryCreate(current.Uri, location, out Uri? next) || next.Scheme is not ("https" or "http"))
            {
                return hops;
            }

            current = ProbeRequest.Get(next).WithHeader("Accept", "text/html,application/json");
        }
    }

    /// <summary>Sends one request with the host's cookies and keeps what it sets.</summary>
    public async Task<ProbeResponse> SendAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<ObservedCookie> held = CookiesFor(request.Uri);
        if (held.Count > 0)
        {
            request.WithHeader("Cookie", string.Join("; ", held.Select(c => c.Name + "=" + c.Value)));
        }

        ProbeResponse response = await _context.Probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Keep(request.Uri, response, _context.Clock());
        return response;
    }

    private void Keep(Uri url, ProbeResponse response, DateTimeOffset now)
    {
        string seenAt = response.Exchange.Method + " " + url.GetLeftPart(UriPartial.Path) + " → " + response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string header in response.HeaderValues("Set-Cookie"))
        {
            if (ObservedCookie.Parse(header, seenAt) is not ObservedCookie cookie)
            {
                continue;
            }

            _context.Redactor.AddSecret(cookie.Value);
            Seen.Add((cookie, url));
            if (cookie.Deletes(now))
            {
                Jar(url).Remove(cookie.Name);
            }
            else
            {
                Jar(url)[cookie.Name] = cookie;
            }
        }
    }

    private Dictionary<string, ObservedCookie> Jar(Uri url)
    {
        if (!_jar.TryGetValue(url.Authority, out Dictionary<string, ObservedCookie>? cookies))
        {
            cookies = new Dictionary<string, ObservedCookie>(StringComparer.Ordinal);
            _jar[url.Authority] = cookies;
        }

        return cookies;
    }
}
