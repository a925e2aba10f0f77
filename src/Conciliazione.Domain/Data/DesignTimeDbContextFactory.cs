using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Conciliazione.Domain.Data;

/// <summary>Lets `dotnet ef` build the model without starting the web host or a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Default")
            ?? "Host=127.0.0.1;Port=5432;Database=conciliazione_design;Username=postgres";
        return new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UsePortalDatabase(cs).Options);
    }
}
