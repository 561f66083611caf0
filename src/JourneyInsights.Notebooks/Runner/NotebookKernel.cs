using System.Reflection;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>
/// The real .NET Interactive C# kernel, in-process, set up as the <c>.net-csharp</c> Jupyter kernel and Polyglot set it
/// up: a <see cref="CSharpKernel"/> with the <c>#r "nuget: ..."</c> / <c>#i</c> package manager and the kernel helpers
/// (<c>display</c>, <c>Display()</c>), inside a <see cref="CompositeKernel"/> whose default kernel is <c>csharp</c>.
/// </summary>
internal static class NotebookKernel
{
    public const string CSharp = "csharp";

    /// <summary>A new kernel (fresh state: one per notebook run).</summary>
    public static CompositeKernel Create()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers();
        EmitDebugInformation(csharp);
        return new CompositeKernel { csharp }.Also(k => k.DefaultKernelName = CSharp);
    }

    /// <summary>
    /// The kernel compiles cells without debug information, so an exception's stack trace has no line numbers. Turning
    /// it on (a private field of the last build, 1.0.0-beta.26120.1; skipped if it is not there) gives the line of a
    /// runtime error within the cell; compile errors carry their position anyway.
    /// </summary>
    private static void EmitDebugInformation(CSharpKernel kernel)
    {
        var field = typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.NonPublic | BindingFlags.Instance);
        if (field?.GetValue(kernel) is ScriptOptions options) field.SetValue(kernel, options.WithEmitDebugInformation(true));
    }

    private static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
