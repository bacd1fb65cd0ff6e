using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScalekitReadiness.TestDeployment;

/// <summary>A tool or resource of the test MCP server and the scopes it needs.</summary>
internal sealed class McpOperation
{
    public McpOperation(string name, string[] requiredScopes, string description)
    {
        Name = name;
        RequiredScopes = requiredScopes;
        Description = description;
    }

    public string Name { get; }

    public IReadOnlyList<string> RequiredScopes { get; }

    public string Description { get; }
}

/// <summary>
/// The test MCP server's tools and resources: a to-do list. Each tool and resource needs scopes, as Scalekit's
/// examples map them (todo:read to look, todo:write to change). <c>todo.delete</c> is the tool no audit may ever call.
/// </summary>
internal sealed class McpCatalog
{
    public const string ListTool = "todo.list";
    public const string AddTool = "todo.add";
    public const string DeleteTool = "todo.delete";
    public const string ExportTool = "todo.export";
    public const string ItemsResource = "todo://items";
    public const string DraftsResource = "todo://drafts";
    public const string AdminScope = "todo:admin";

    private readonly object _gate = new();
    private readonly List<string> _items = ["Rotate the MCP client secret", "Review consent screen branding"];
    private readonly List<string> _drafts = ["Ship the readiness audit"];

    public static IReadOnlyList<McpOperation> Tools(DeploymentState state)
    {
        var tools = new List<McpOperation>
        {
            new(ListTool, [McpClients.ReadScope], "Lists the to-do items."),
            new(AddTool, [McpClients.WriteScope], "Adds a to-do item."),
            new(DeleteTool, [McpClients.WriteScope], "Deletes a to-do item for good."),
        };
        if (state.Has(Faults.McpExtraTool))
        {
            tools.Add(new McpOperation(ExportTool, [AdminScope], "Exports every to-do item of every user."));
        }

        return tools;
    }

    public static IReadOnlyList<McpOperation> Resources() =>
    [
        new(ItemsResource, [McpClients.ReadScope], "The to-do items."),
        new(DraftsResource, [McpClients.WriteScope], "Draft to-do items not yet published."),
    ];

    public static JsonObject ToolDescriptor(McpOperation tool)
    {
        JsonObject properties = tool.Name switch
        {
            AddTool => new JsonObject { ["title"] = new JsonObject { ["type"] = "string", ["description"] = "The item's text." } },
            DeleteTool => new JsonObject { ["index"] = new JsonObject { ["type"] = "integer", ["description"] = "The item's position, from 0." } },
            _ => new JsonObject(),
        };
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (tool.Name is AddTool)
        {
            schema["required"] = new JsonArray("title");
        }
        else if (tool.Name is DeleteTool)
        {
            schema["required"] = new JsonArray("index");
        }

        return new JsonObject
        {
            ["name"] = tool.Name,
            ["description"] = tool.Description,
            ["inputSchema"] = schema,
            ["annotations"] = new JsonObject
            {
                ["readOnlyHint"] = tool.Name == ListTool,
                ["destructiveHint"] = tool.Name is DeleteTool or ExportTool,
            },
        };
    }

    public static JsonObject ResourceDescriptor(McpOperation resource) => new()
    {
        ["uri"] = resource.Name,
        ["name"] = resource.Name["todo://".Length..],
        ["description"] = resource.Description,
        ["mimeType"] = "application/json",
    };

    /// <summary>Runs a tool; a JSON-RPC tool result (isError for bad arguments).</summary>
    public JsonObject Run(string tool, JsonObject? arguments)
    {
        lock (_gate)
        {
            switch (tool)
            {
                case AddTool when Has(arguments, "title", JsonValueKind.String):
                    _items.Add(arguments!["title"]!.GetValue<string>());
                    return Text("Added item " + (_items.Count - 1) + ".", isError: false);
                case AddTool:
                    return Text("title (a string) is required.", isError: true);
                case DeleteTool when Has(arguments, "index", JsonValueKind.Number):
                    return Delete(arguments!["index"]!.GetValue<int>());
                case DeleteTool:
                    return Text("index (an integer) is required.", isError: true);
                case ExportTool:
                    return Text(Serialize(_items.Concat(_drafts)), isError: false);
                default:
                    return Text(Serialize(_items), isError: false);
            }
        }
    }

    private static bool Has(JsonObject? arguments, string name, JsonValueKind kind) =>
        arguments is not null && arguments[name] is JsonNode value && value.GetValueKind() == kind;

    private JsonObject Delete(int index)
    {
        if (index < 0 || index >= _items.Count)
        {
            return Text("No item " + index + ".", isError: true);
        }

        _items.RemoveAt(index);
        return Text("Deleted item " + index + ".", isError: false);
    }

    /// <summary>Reads a resource: the resources/read result.</summary>
    public JsonObject Read(string uri)
    {
        lock (_gate)
        {
            string text = Serialize(uri == DraftsResource ? _drafts : _items);
            return new JsonObject
            {
                ["contents"] = new JsonArray(new JsonObject { ["uri"] = uri, ["mimeType"] = "application/json", ["text"] = text }),
            };
        }
    }

    private static string Serialize(IEnumerable<string> items) =>
        new JsonArray(items.Select(item => (JsonNode?)JsonValue.Create(item)).ToArray()).ToJsonString();

    private static JsonObject Text(string text, bool isError) => new()
    {
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        ["isError"] = isError,
    };

    public static string? MissingScopes(McpOperation operation, IReadOnlyCollection<string> granted)
    {
        string[] missing = operation.RequiredScopes.Where(scope => !granted.Contains(scope, StringComparer.Ordinal)).ToArray();
        return missing.Length == 0 ? null : string.Join(' ', operation.RequiredScopes);
    }
}
