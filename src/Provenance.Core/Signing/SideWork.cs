using System.Runtime.InteropServices;

namespace Provenance.Core.Signing;

/// <summary>
/// Work a Sign does beside its encoder that the encoder does not wait for (reading the mark back from what it wrote,
/// the fingerprint of the marked sound), each on a thread of its own at a lower scheduling priority. The encoder is
/// the longest step and runs on one core; on a machine of two cores the side work would otherwise take a third of the
/// encoder's core whenever three threads are runnable, and the whole Sign waits for the encoder (docs/audio.md, "Cost"). At a lower priority the side work still
/// gets every cycle the encoder leaves. (The marking stays at the normal priority: the encoder waits for it.) A thread
/// of its own because Linux cannot give a thread its priority back without privileges: a thread-pool thread lowered
/// once would stay low for every later call.
/// </summary>
internal static partial class SideWork
{
    // Nice 10 is a tenth of the default's scheduling weight (sched(7)); within reach of any unprivileged process.
    private const int Nice = 10;

    public static Task<T> Start<T>(string name, Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            LowerPriority();
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static void LowerPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            // Best effort: where it fails (a sandbox refusing the call) the work runs at the normal priority.
            _ = SetPriority(PrioProcess, GetTid(), Nice);
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
