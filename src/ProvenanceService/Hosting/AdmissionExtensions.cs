using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;
using ProvenanceService.Options;
using ProvenanceService.Rpc;

namespace ProvenanceService.Hosting;

/// <summary>Registers admission control (Rpc/CallAdmission.cs, Rpc/AdmissionInterceptor.cs, Rpc/UploadBudget.cs) with its "Admission" settings.</summary>
internal static class AdmissionExtensions
{
    /// <summary>
    /// Call after AddGrpc: the interceptor is appended to the list, so it runs inside ExceptionStatusInterceptor
    /// (which passes its RpcException on unchanged) and outside anything added later.
    /// </summary>
    public static IServiceCollection AddAdmissionControl(this IServiceCollection services)
    {
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdmissionOptions>, AdmissionOptionsValidator>();
        services.AddSingleton<CallAdmission>();
        services.AddSingleton<UploadBudget>();
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<AdmissionInterceptor>());
        return services;
    }
}
