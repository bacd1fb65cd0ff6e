using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.TestDeployment;

/// <summary>One generated auth-log entry (the API's item fields that the seeded month fills).</summary>
internal sealed record AuthLogRecord(
    string Id,
    DateTimeOffset Timestamp,
    string Status,
    string ClientId,
    string ClientName,
    string ClientType,
    string? Email,
    string? ResourceId,
    string Workflow);

/// <summary>
/// A realistic month of authentication requests, generated from a fixed seed so every run (and every test) sees the
/// same entries: <see cref="Days"/> days ending at the UTC midnight the deployment started in. Normal traffic keeps
/// to 07:00-20:59 UTC (web and SPA logins with refreshes and logouts, MCP client connections, an M2M sync job twice an
/// hour); one afternoon <see cref="BurstClientId"/> fails <see cref="BurstFailures"/> times in ten minutes; and three
/// days before the end a client never seen before (<see cref="NewClientId"/>) mints tokens at 3 a.m.
/// </summary>
public static class AuthLogData
{
    /// <summary>How many days the month spans.</summary>
    public const int Days = 30;

    /// <summary>The seed of the generator.</summary>
    public const int Seed = 20261101;

    /// <summary>The web app's client (ENV).</summary>
    public const string WebClientId = "skc_70112233445566771";

    /// <summary>The single-page dashboard's client (SPA).</summary>
    public const string SpaClientId = "skc_70112233445566772";

    /// <summary>The MCP client (NTV) that connects to the MCP server resource.</summary>
    public const string McpClientId = "skc_70112233445566773";

    /// <summary>The M2M sync job; also the client of the failure burst.</summary>
    public const string BurstClientId = "skc_70112233445566774";

    /// <summary>The client first seen three days before the end, at 3 a.m.</summary>
    public const string NewClientId = "skc_70112233445566779";

    /// <summary>How many failures the burst holds (15 seconds apart, from 14:00:00 UTC ten days before the end).</summary>
    public const int BurstFailures = 40;

    /// <summary>How many days before the end the burst happens.</summary>
    public const int BurstDaysBeforeEnd = 10;

    /// <summary>How many requests the new client makes (4 minutes apart, from 03:00:00 UTC).</summary>
    public const int NewClientRequests = 6;

    /// <summary>How many days before the end the new client appears.</summary>
    public const int NewClientDaysBeforeEnd = 3;

    private static readonly string[] s_users = Enumerable.Range(1, 12).Select(i => $"user{i:00}@acme.example").ToArray();

    /// <summary>Generates the month ending at <paramref name="end"/> (a UTC midnight), newest first.</summary>
    internal static IReadOnlyList<AuthLogRecord> Generate(DateTimeOffset end, string resourceId)
    {
        var random = new Random(Seed);
        var records = new List<(DateTimeOffset Time, string Status, string Client, string? Email, bool Resource, string Workflow)>();
        DateTimeOffset start = end.AddDays(-Days);
        for (int day = 0; day < Days; day++)
        {
            DateTimeOffset midnight = start.AddDays(day);
            foreach (string user in s_users)
            {
                if (random.NextDouble() >= 0.6)
                {
                    continue;
                }

                string client = random.NextDouble() < 0.7 ? WebClientId : SpaClientId;
                DateTimeOffset login = midnight.AddHours(7).AddMinutes(5 + random.Next(0, 596));
                records.Add((login.AddMinutes(-1), "INITIATED", client, user, false, "LOGIN"));
                if (random.NextDouble() < 0.08)
                {
                    records.Add((login, "FAILED", client, user, false, "LOGIN"));
                    login = login.AddMinutes(2);
                }

                records.Add((login, "SUCCESS", client, user, false, "LOGIN"));
                int refreshes = random.Next(0, 4);
                for (int r = 1; r <= refreshes; r++)
                {
                    records.Add((login.AddMinutes(20 * r), random.NextDouble() < 0.02 ? "FAILED" : "SUCCESS", client, user, false, "REFRESH"));
                }

                if (random.NextDouble() < 0.7)
                {
                    records.Add((login.AddMinutes(random.Next(81, 221)), "SUCCESS", client, user, false, "LOGOUT"));
                }
            }

            int connections = random.Next(3, 7);
            for (int c = 0; c < connections; c++)
            {
                DateTimeOffset at = midnight.AddHours(8).AddMinutes(random.Next(0, 720));
                string user = s_users[random.Next(s_users.Length)];
                records.Add((at, "INITIATED", McpClientId, user, true, "LOGIN"));
                records.Add((at.AddSeconds(40), random.NextDouble() < 0.05 ? "FAILED" : "SUCCESS", McpClientId, user, true, "LOGIN"));
            }

            for (int hour = 7; hour <= 20; hour++)
            {
                foreach (int minute in new[] { 5, 35 })
                {
                    records.Add((midnight.AddHours(hour).AddMinutes(minute), random.NextDouble() < 0.03 ? "FAILED" : "SUCCESS", BurstClientId, null, true, "CLIENT_CREDENTIALS"));
                }
            }
        }

        DateTimeOffset burst = end.AddDays(-BurstDaysBeforeEnd).AddHours(14);
        for (int i = 0; i < BurstFailures; i++)
        {
            records.Add((burst.AddSeconds(15 * i), "FAILED", BurstClientId, null, true, "CLIENT_CREDENTIALS"));
        }

        DateTimeOffset night = end.AddDays(-NewClientDaysBeforeEnd).AddHours(3);
        for (int i = 0; i < NewClientRequests; i++)
        {
            records.Add((night.AddMinutes(4 * i), "SUCCESS", NewClientId, null, true, "CLIENT_CREDENTIALS"));
        }

        return records
            .OrderBy(r => r.Time)
            .Select((r, index) => new AuthLogRecord(
                "ar_" + (100000 + index).ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Time,
                r.Status,
                r.Client,
                ClientName(r.Client),
                ClientType(r.Client),
                r.Email,
                r.Resource ? resourceId : null,
                r.Workflow))
            .OrderByDescending(r => r.Timestamp)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static string ClientName(string client) => client switch
    {
        WebClientId => "Acme Web",
        SpaClientId => "Acme Dashboard",
        McpClientId => "Claude Desktop",
        BurstClientId => "Inventory sync",
        _ => "Unregistered CLI",
    };

    private static string ClientType(string client) => client switch
    {
        WebClientId => "ENV",
        SpaClientId => "SPA",
        McpClientId => "NTV",
        _ => "M2M",
    };
}
