using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class PagingTests
    {
        private static readonly LocationName Parent = new LocationName("my-project", "us");

        private static Reply Page(string token, params string[] ids)
        {
            var items = string.Join(",", ids.Select(id => "{\"name\":\"projects/my-project/locations/us/datasets/" + id + "\"}"));
            var next = token == null ? "" : ",\"nextPageToken\":\"" + token + "\"";
            return Reply.Json("{\"datasets\":[" + items + "]" + next + "}");
        }

        [Fact]
        public async Task EnumeratesAllPagesLazily()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Page("t/2+", "a", "b"), Page("t3", "c"), Page(null, "d"));
                var items = Pager.Enumerate<Dataset>((token, ct) => test.Client.ListDatasetsAsync(Parent, 2, token, ct), CancellationToken.None);

                Assert.Empty(server.Requests);
                using (var enumerator = items.GetEnumerator())
                {
                    Assert.True(enumerator.MoveNext());
                    Assert.Single(server.Requests);
                    var names = new System.Collections.Generic.List<string> { enumerator.Current.Name };
                    while (enumerator.MoveNext())
                    {
                        names.Add(enumerator.Current.Name);
                    }
                    Assert.Equal(new[] { "a", "b", "c", "d" }, names.Select(n => n.Split('/').Last()));
                }

                Assert.Equal(3, server.Requests.Count);
                Assert.Equal("/v1/projects/my-project/locations/us/datasets?pageSize=2", server.Requests[0].PathAndQuery);
                Assert.Equal("/v1/projects/my-project/locations/us/datasets?pageSize=2&pageToken=t%2F2%2B", server.Requests[1].PathAndQuery);
                Assert.EndsWith("pageToken=t3", server.Requests[2].PathAndQuery);
                await Task.CompletedTask;
            }
        }

        [Fact]
        public void EmptyListGivesNothing()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json("{}"));
                Assert.Empty(Pager.Enumerate<Dataset>((token, ct) => test.Client.ListDatasetsAsync(Parent, null, token, ct), CancellationToken.None));
                Assert.Single(server.Requests);
            }
        }

        [Fact]
        public void StopsOnCancellationBetweenPages()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            using (var cancel = new CancellationTokenSource())
            {
                server.Script(Page("next", "a", "b"), Page(null, "c"));
                var items = Pager.Enumerate<Dataset>((token, ct) => test.Client.ListDatasetsAsync(Parent, null, token, ct), cancel.Token);
                using (var enumerator = items.GetEnumerator())
                {
                    Assert.True(enumerator.MoveNext());
                    cancel.Cancel();
                    Assert.Throws<OperationCanceledException>(() => enumerator.MoveNext());
                }
                Assert.Single(server.Requests);
            }
        }

        [Fact]
        public void ErrorsSurfaceUnwrapped()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Error(403, "PERMISSION_DENIED", "denied"));
                var error = Assert.Throws<HealthcareApiException>(() =>
                    Pager.Enumerate<Dataset>((token, ct) => test.Client.ListDatasetsAsync(Parent, null, token, ct), CancellationToken.None).ToList());
                Assert.Equal(403, error.HttpStatus);
            }
        }

        [Fact]
        public async Task LocationsAndOperationsListsParse()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(
                    Reply.Json("{\"locations\":[{\"name\":\"projects/my-project/locations/us\",\"locationId\":\"us\",\"displayName\":\"US\",\"labels\":{\"k\":\"v\"}}],\"nextPageToken\":\"n\"}"),
                    Reply.Json("{\"operations\":[{\"name\":\"projects/my-project/locations/us/datasets/d/operations/1\",\"done\":true,\"response\":{\"@type\":\"t\"}}]}"));
                var locations = await test.Client.ListLocationsAsync("my-project", "displayName=US", 5, null, CancellationToken.None);
                var operations = await test.Client.ListOperationsAsync(new DatasetName("my-project", "us", "d"), "done=true", null, null, CancellationToken.None);

                var location = Assert.Single(locations.Items);
                Assert.Equal("us", location.LocationId);
                Assert.Equal("v", location.Labels["k"]);
                Assert.Equal("n", locations.NextPageToken);
                Assert.Equal("/v1/projects/my-project/locations?filter=displayName%3DUS&pageSize=5", server.Requests[0].PathAndQuery);
                Assert.True(Assert.Single(operations.Items).Done);
                Assert.Null(operations.NextPageToken);
                Assert.Equal("/v1/projects/my-project/locations/us/datasets/d/operations?filter=done%3Dtrue", server.Requests[1].PathAndQuery);
            }
        }
    }
}
