namespace HealthcareTools.Isolation { }
