using System;
using HealthcareTools.Client.Names;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class ResourceNamesTests
    {
        [Theory]
        [InlineData("my-project")]
        [InlineData("abcdef")]
        [InlineData("p")]
        [InlineData("123456789012")]
        [InlineData("a23456789012345678901234567890")]
        [InlineData("example.com:my-project")]
        public void ValidProjectIdsPass(string id) => ResourceIds.ValidateProjectId(id);

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("-project")]
        [InlineData("My-Project")]
        [InlineData("project-")]
        [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
        [InlineData("my_project")]
        [InlineData("my/project")]
        public void InvalidProjectIdsNameKindValueAndRule(string id)
        {
            var error = Assert.Throws<ArgumentException>(() => ResourceIds.ValidateProjectId(id));
            Assert.Contains("project ID", error.Message);
            Assert.Contains(id == null ? "(null)" : "'" + id + "'", error.Message);
            Assert.Contains("1-63 lower-case letters", error.Message);
        }

        [Theory]
        [InlineData("us-central1")]
        [InlineData("us")]
        [InlineData("europe-west4")]
        public void ValidLocations(string location) => ResourceIds.ValidateLocationId(location);

        [Theory]
        [InlineData("US")]
        [InlineData("")]
        [InlineData("us central")]
        [InlineData("1us")]
        public void InvalidLocations(string location) =>
            Assert.Contains("location ID", Assert.Throws<ArgumentException>(() => ResourceIds.ValidateLocationId(location)).Message);

        [Theory]
        [InlineData("ds")]
        [InlineData("my_dataset.v1-2")]
        [InlineData("données")]
        [InlineData("数据集")]
        public void ValidDatasetIds(string id) => ResourceIds.ValidateDatasetId(id);

        [Theory]
        [InlineData("")]
        [InlineData("has space")]
        [InlineData("a/b")]
        [InlineData("colon:x")]
        public void InvalidDatasetIds(string id)
        {
            var error = Assert.Throws<ArgumentException>(() => ResourceIds.ValidateDatasetId(id));
            Assert.Contains("dataset ID", error.Message);
            Assert.Contains("1-256", error.Message);
        }

        [Fact]
        public void DatasetIdLengthLimitIs256()
        {
            ResourceIds.ValidateDatasetId(new string('a', 256));
            Assert.Throws<ArgumentException>(() => ResourceIds.ValidateDatasetId(new string('a', 257)));
        }

        [Fact]
        public void DicomStoreIdsAreLooserThanFhirStoreIds()
        {
            ResourceIds.ValidateStoreId(StoreKind.Dicom, "any store: with spaces?");
            Assert.Throws<ArgumentException>(() => ResourceIds.ValidateStoreId(StoreKind.Dicom, "a/b"));
            Assert.Throws<ArgumentException>(() => ResourceIds.ValidateStoreId(StoreKind.Dicom, new string('x', 257)));
            var fhir = Assert.Throws<ArgumentException>(() => ResourceIds.ValidateStoreId(StoreKind.Fhir, "with space"));
            Assert.Contains("FHIR store ID", fhir.Message);
            ResourceIds.ValidateStoreId(StoreKind.Hl7V2, "hl7.store_1");
        }

        [Fact]
        public void OperationIds()
        {
            ResourceIds.ValidateOperationId("1234567890");
            Assert.Throws<ArgumentException>(() => ResourceIds.ValidateOperationId(""));
            Assert.Throws<ArgumentException>(() => ResourceIds.ValidateOperationId("a/b"));
        }

        [Fact]
        public void IsFullName()
        {
            Assert.True(ResourceIds.IsFullName("projects/p/locations/l"));
            Assert.False(ResourceIds.IsFullName("my-dataset"));
            Assert.False(ResourceIds.IsFullName(null));
        }

        [Fact]
        public void LocationNameRoundTrips()
        {
            var name = LocationName.Parse("projects/my-project/locations/us-central1");
            Assert.Equal("my-project", name.Project);
            Assert.Equal("us-central1", name.Location);
            Assert.Equal("projects/my-project/locations/us-central1", name.ToString());
            Assert.Equal(name, new LocationName("my-project", "us-central1"));
            Assert.Equal(name.GetHashCode(), new LocationName("my-project", "us-central1").GetHashCode());
        }

        [Fact]
        public void DatasetNameRoundTripsAndKnowsItsParent()
        {
            const string text = "projects/my-project/locations/us/datasets/ds.1";
            var name = DatasetName.Parse(text);
            Assert.Equal("ds.1", name.DatasetId);
            Assert.Equal(text, name.ToString());
            Assert.Equal(new LocationName("my-project", "us"), name.Parent);
            Assert.True(DatasetName.TryParse(text, out var again));
            Assert.Equal(name, again);
        }

        [Theory]
        [InlineData("projects/my-project/locations/us/datasets/d/dicomStores/s 1", StoreKind.Dicom, "s 1")]
        [InlineData("projects/my-project/locations/us/datasets/d/fhirStores/f", StoreKind.Fhir, "f")]
        [InlineData("projects/my-project/locations/us/datasets/d/hl7V2Stores/h", StoreKind.Hl7V2, "h")]
        public void StoreNamesRoundTrip(string text, StoreKind kind, string id)
        {
            var name = StoreName.Parse(text);
            Assert.Equal(kind, name.Kind);
            Assert.Equal(id, name.StoreId);
            Assert.Equal(text, name.ToString());
            Assert.Equal("d", name.Dataset.DatasetId);
        }

        [Fact]
        public void CollectionSegments()
        {
            Assert.Equal("dicomStores", StoreName.CollectionOf(StoreKind.Dicom));
            Assert.Equal("fhirStores", StoreName.CollectionOf(StoreKind.Fhir));
            Assert.Equal("hl7V2Stores", StoreName.CollectionOf(StoreKind.Hl7V2));
        }

        [Fact]
        public void OperationNameRoundTrips()
        {
            const string text = "projects/p-project/locations/l/datasets/d/operations/123";
            var name = OperationName.Parse(text);
            Assert.Equal("123", name.OperationId);
            Assert.Equal(text, name.ToString());
            Assert.Equal(name, new OperationName(new DatasetName("p-project", "l", "d"), "123"));
        }

        [Theory]
        [InlineData("projects/my-project/locations/us/datasets")]
        [InlineData("projects/my-project/locations/us/datasets/d/")]
        [InlineData("projects/my-project//locations/us/datasets/d")]
        [InlineData("project/my-project/locations/us/datasets/d")]
        [InlineData("projects/my-project/locations/us/datasets/bad id")]
        [InlineData("")]
        [InlineData(null)]
        public void MalformedDatasetNamesAreRejected(string text)
        {
            Assert.False(DatasetName.TryParse(text, out var parsed));
            Assert.Null(parsed);
            var error = Assert.Throws<ArgumentException>(() => DatasetName.Parse(text));
            Assert.Contains("dataset", error.Message);
        }

        [Fact]
        public void WrongStoreCollectionIsRejected()
        {
            Assert.False(StoreName.TryParse("projects/my-project/locations/us/datasets/d/consentStores/c", out _));
            Assert.False(OperationName.TryParse("projects/my-project/locations/us/datasets/d/dicomStores/c", out _));
            var error = Assert.Throws<ArgumentException>(() => LocationName.Parse("projects/my-project"));
            Assert.Contains("projects/{project}/locations/{location}", error.Message);
        }
    }
}
