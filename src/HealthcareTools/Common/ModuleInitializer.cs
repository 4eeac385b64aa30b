using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Wires up dependency isolation when the module is imported. The engine (HealthcareTools.Client)
    /// and its third-party DLLs live in dependencies/, which neither PowerShell edition probes on its
    /// own: on PowerShell 7 a private AssemblyLoadContext owns them; on Windows PowerShell 5.1 an
    /// AssemblyResolve handler serves them. Nothing here touches the network or the engine itself.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string EngineAssemblyName = "HealthcareTools.Client";
        private const string IsolationAssemblyName = "HealthcareTools.Isolation";

        private static readonly string DependencyFolder =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location), "dependencies");

        private static bool desktopResolverRegistered;

        /// <summary>Runs once per import.</summary>
        public void OnImport()
        {
            if (IsCoreClr())
            {
                RegisterLoadContext();
            }
            else if (!desktopResolverRegistered)
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencyFolder;
                desktopResolverRegistered = true;
            }
        }

        /// <summary>Runs on Remove-Module.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            HcSession.Reset();
            if (desktopResolverRegistered)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencyFolder;
                desktopResolverRegistered = false;
            }
        }

        private static bool IsCoreClr() =>
            Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false) != null
            || Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false) != null;

        private static void RegisterLoadContext()
        {
            // The load context type needs net8.0, so it lives in a tiny assembly of its own.
            var isolation = Assembly.LoadFrom(Path.Combine(DependencyFolder, IsolationAssemblyName + ".dll"));
            var register = isolation.GetType("HealthcareTools.Isolation.DependencyLoadContext", throwOnError: true)
                .GetMethod("Register", BindingFlags.Public | BindingFlags.Static);
            register.Invoke(null, new object[] { DependencyFolder, EngineAssemblyName });
        }

        private static Assembly ResolveFromDependencyFolder(object sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            var candidate = Path.Combine(DependencyFolder, name.Name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
