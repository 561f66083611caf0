using System.Text.Json.Nodes;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>The structural rules of nbformat 4 (the required keys and output shapes of its JSON schema).</summary>
public static class NbFormat
{
    public static void AssertValid(JsonObject nb)
    {
        Assert.Equal(4, nb["nbformat"]!.GetValue<int>());
        Assert.True(nb["nbformat_minor"]!.GetValue<int>() >= 0);
        var metadata = (JsonObject)nb["metadata"]!;
        Assert.Equal(".net-csharp", metadata["kernelspec"]!["name"]!.GetValue<string>());
        Assert.NotNull(metadata["kernelspec"]!["display_name"]);
        Assert.NotNull(metadata["polyglot_notebook"]!["kernelInfo"]);
        foreach (var node in (JsonArray)nb["cells"]!)
        {
            var cell = (JsonObject)node!;
            var kind = cell["cell_type"]!.GetValue<string>();
            Assert.Contains(kind, (string[])["code", "markdown", "raw"]);
            Assert.IsType<JsonObject>(cell["metadata"]);
            Assert.IsType<JsonArray>(cell["source"]);
            if (kind != "code")
            {
                Assert.False(cell.ContainsKey("outputs"));
                continue;
            }
            Assert.True(cell.ContainsKey("execution_count"));
            foreach (var o in (JsonArray)cell["outputs"]!)
            {
                var output = (JsonObject)o!;
                switch (output["output_type"]!.GetValue<string>())
                {
                    case "display_data":
                        Assert.IsType<JsonObject>(output["data"]);
                        Assert.IsType<JsonObject>(output["metadata"]);
                        break;
                    case "execute_result":
                        Assert.IsType<JsonObject>(output["data"]);
                        Assert.IsType<JsonObject>(output["metadata"]);
                        Assert.True(output["execution_count"]!.GetValue<int>() > 0);
                        break;
                    case "stream":
                        Assert.Contains(output["name"]!.GetValue<string>(), (string[])["stdout", "stderr"]);
                        Assert.IsType<JsonArray>(output["text"]);
                        break;
                    case "error":
                        Assert.NotNull(output["ename"]);
                        Assert.NotNull(output["evalue"]);
                        Assert.IsType<JsonArray>(output["traceback"]);
                        break;
                    default:
                        Assert.Fail("unknown output_type " + output["output_type"]);
                        break;
                }
            }
        }
    }
}
