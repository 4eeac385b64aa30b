using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace HealthcareTools.Isolation
{
    /// <summary>
    /// A private load context for the engine and every third-party assembly in the module's
    /// dependencies/ folder. Another module may have loaded other versions of Newtonsoft.Json or
    /// Google.Apis into the default context; ours resolve here first, so both work side by side.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext instance;

        private readonly string dependencyFolder;

        private DependencyLoadContext(string dependencyFolder)
            : base("HealthcareTools", isCollectible: false)
        {
            this.dependencyFolder = dependencyFolder;
        }

        /// <summary>
        /// Called once by the module initializer (through reflection, as the cmdlet assembly targets
        /// netstandard2.0). Only the engine is handed to the default context on request; everything the
        /// engine references is then loaded inside this context by <see cref="Load"/>.
        /// </summary>
        public static void Register(string dependencyFolder, string engineAssemblyName)
        {
            lock (Gate)
            {
                if (instance != null)
                {
                    return;
                }

                instance = new DependencyLoadContext(dependencyFolder);
                Default.Resolving += (context, name) =>
                    string.Equals(name.Name, engineAssemblyName, StringComparison.Ordinal)
                        ? instance.LoadFromAssemblyName(name)
                        : null;
            }
        }

        protected override Assembly Load(AssemblyName assemblyName)
        {
            var candidate = Path.Combine(dependencyFolder, assemblyName.Name + ".dll");
            // Anything not shipped in dependencies/ (the framework itself) comes from the default context.
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
