using System.CommandLine;
using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Cli;

/// <summary>The <c>journey</c> command line: builds the commands and maps failures to exit codes.</summary>
public static class JourneyCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var root = new RootCommand("JourneyInsights: customer-journey analytics from analytics, CRM and survey exports.");
        root.Subcommands.Add(ReportCommand.Create(output, error));
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(InitCommand.Create(output, error));
        root.Subcommands.Add(GenerateCommand.Create(output, error));
        root.Subcommands.Add(ScheduleCommand.Create(output));
        root.Subcommands.Add(NotebookCommand.Create(output, error));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run 'journey --help' for usage.");
            return ExitCodes.Usage;
        }
        // SIGINT / SIGTERM cancel the run instead of killing it, so a report in progress removes its partial folder.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        void Interrupt(System.Runtime.InteropServices.PosixSignalContext context)
        {
            // The first signal asks the run to stop cleanly; a second one ends the process at once.
            context.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        }
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Interrupt);
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Interrupt);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            }, interrupted.Token);
        }
        catch (Exception ex) when (ex is JourneyDefinitionException or SourceFileException or DataQualityException)
        {
            // The message may quote a raw value (strict mode's first rejected row): personal data in it is masked.
            error.WriteLine($"error: {JourneyInsights.Privacy.PersonalData.Mask(ex.Message)}");
            return ExitCodes.DataError;
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("interrupted: the partial report was removed; the previous report is unchanged.");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Unreadable or unwritable files, a month locked by another run, no dated rows.
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.DataError;
        }
        catch (Exception ex)
        {
            error.WriteLine($"error: unexpected {ex.GetType().Name}: {ex.Message} (this is a bug in JourneyInsights; please report it)");
            return ExitCodes.Internal;
        }
    }

    /// <summary>The journey definition to use: the given path, else ./data-samples/journey.json, else the samples shipped beside the tool.</summary>
    internal static string ResolveConfig(string? given) => ResolveConfig(given, out _);

    /// <summary>As <see cref="ResolveConfig(string?)"/>; <paramref name="bundled"/> says whether it is the sample data shipped beside the tool.</summary>
    internal static string ResolveConfig(string? given, out bool bundled)
    {
        bundled = false;
        if (given is not null) return given;
        var local = Path.Combine("data-samples", "journey.json");
        if (File.Exists(local)) return local;
        bundled = true;
        return BundledSample;
    }

    /// <summary>The sample journey shipped beside the tool.</summary>
    internal static string BundledSample => Path.Combine(AppContext.BaseDirectory, "data-samples", "journey.json");

    /// <summary>Added to the report title when the bundled sample data is used, so nobody mistakes it for their own.</summary>
    internal const string BundledSampleSuffix = " (bundled sample data)";
}

/// <summary>A command-line value that parses but makes no sense (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
