using System;
using HealthcareTools.Client;
using HealthcareTools.Client.Models;

namespace HealthcareTools.Iam
{
    /// <summary>Read-modify-write of a policy, retried when a concurrent change made the etag stale.</summary>
    internal static class PolicyEdit
    {
        private const int Attempts = 5;

        /// <summary>Applies <paramref name="edit"/> (returns false when nothing changed) and writes the policy back.</summary>
        public static IamPolicy Apply(Func<IamPolicy> read, Func<IamPolicy, IamPolicy> write, Func<IamPolicy, bool> edit)
        {
            for (var attempt = 1; ; attempt++)
            {
                var policy = read();
                if (!edit(policy))
                {
                    return policy;
                }

                try
                {
                    return write(policy);
                }
                catch (HealthcareApiException ex) when (ex.HttpStatus == 409 && attempt < Attempts)
                {
                    // ABORTED: someone else changed the policy between our read and write; start again.
                }
            }
        }
    }
}
