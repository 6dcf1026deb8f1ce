using ProvenanceService.Hosting;

// The provenance service: gRPC on Kestrel (h2c on 127.0.0.1:50051 unless --urls or configuration says
// otherwise). Everything it registers is in Hosting/ProvenanceServiceExtensions.cs. Settings are read from the
// appsettings.json beside the binary, whatever the working directory (which holds ./data).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddProvenanceService(args);
var app = builder.Build();
return app.RunProvenanceService();
