using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// State a singleton interceptor keeps for one unit of work: one <typeparamref name="T"/> per context and
/// per lease of that context (ADR 0153). The request contexts are pooled, so one context instance serves many
/// requests in turn; <see cref="DbContextId.Lease"/> changes each time the pool hands it out, and the state of
/// an earlier lease (a transaction abandoned by an exception, say) is dropped, never carried into the next request.
/// </summary>
/// <remarks>A context is used by one thread at a time, so the entry itself needs no lock.</remarks>
public sealed class PerLease<T>
    where T : new()
{
    private readonly ConditionalWeakTable<DbContext, Entry> entries = new();

    /// <summary>The state of <paramref name="context"/>'s current lease, new on its first use in that lease.</summary>
    public T For(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = context.ContextId.Lease;
        var entry = entries.GetValue(context, _ => new Entry(lease));
        if (entry.Lease != lease)
        {
            entry.Lease = lease;
            entry.Value = new T();
        }

        return entry.Value;
    }

    private sealed class Entry(int lease)
    {
        public int Lease { get; set; } = lease;

        public T Value { get; set; } = new();
    }
}
