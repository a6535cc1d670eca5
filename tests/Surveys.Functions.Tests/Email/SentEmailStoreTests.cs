using Surveys.Functions.Email;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Email;

/// <summary>The marker rows that make each e-mail go out once per idempotency key, against Azurite.</summary>
public sealed class SentEmailStoreTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private readonly SentEmailStore _store;

    public SentEmailStoreTests()
    {
        var storage = TestStorage.NewAppStorage();
        _store = new SentEmailStore(storage, _clock);
    }

    private static string Key() => "signin:" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task AKey_IsClaimedOnce_AnotherDeliveryIsToldItIsHeldElsewhere()
    {
        var key = Key();

        var first = await _store.ClaimAsync(key, "message-1", default);
        var second = await _store.ClaimAsync(key, "message-2", default);

        Assert.Equal(ClaimOutcome.Claimed, first.Outcome);
        Assert.Equal(ClaimOutcome.HeldElsewhere, second.Outcome);
        Assert.Equal(SentEmailStatus.Sending, (await _store.FindAsync(key, default))!.Status);
    }

    [Fact]
    public async Task ManyDeliveriesClaimingAtOnce_ExactlyOneWins()
    {
        var key = Key();

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => _store.ClaimAsync(key, $"message-{i}", default))));

        Assert.Single(claims, c => c.Outcome == ClaimOutcome.Claimed);
        Assert.Equal(11, claims.Count(c => c.Outcome == ClaimOutcome.HeldElsewhere));
    }

    [Fact]
    public async Task TheSameMessageRetried_TakesItsOwnClaimOver()
    {
        var key = Key();
        await _store.ClaimAsync(key, "message-1", default);

        var retry = await _store.ClaimAsync(key, "message-1", default);

        Assert.Equal(ClaimOutcome.Claimed, retry.Outcome);
    }

    [Fact]
    public async Task AClaimOlderThanTheExpiry_IsTakenOverByAnotherDelivery()
    {
        var key = Key();
        await _store.ClaimAsync(key, "crashed-message", default);
        _clock.Advance(SentEmailStore.ClaimExpiry - TimeSpan.FromMinutes(1));
        Assert.Equal(ClaimOutcome.HeldElsewhere, (await _store.ClaimAsync(key, "message-2", default)).Outcome);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var takeover = await _store.ClaimAsync(key, "message-2", default);

        Assert.Equal(ClaimOutcome.Claimed, takeover.Outcome);
        Assert.Equal("message-2", (await _store.FindAsync(key, default))!.Owner);
    }

    [Fact]
    public async Task ASentKey_IsNeverClaimedAgain_NotEvenByItsOwnMessage()
    {
        var key = Key();
        await _store.MarkSentAsync(await _store.ClaimAsync(key, "message-1", default), default);

        Assert.Equal(ClaimOutcome.AlreadySent, (await _store.ClaimAsync(key, "message-1", default)).Outcome);
        Assert.Equal(ClaimOutcome.AlreadySent, (await _store.ClaimAsync(key, "message-2", default)).Outcome);
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(ClaimOutcome.AlreadySent, (await _store.ClaimAsync(key, "message-3", default)).Outcome);
    }

    [Fact]
    public async Task AFailedKey_StaysFailed_WithTheProvidersStatusAndMessage()
    {
        var key = Key();
        var claim = await _store.ClaimAsync(key, "message-1", default);

        await _store.MarkFailedAsync(claim, new EmailSendException("SendGrid refused the e-mail (400): The from address does not match a verified Sender Identity.",
            permanent: true, 400, ["The from address does not match a verified Sender Identity."]), default);

        Assert.Equal(ClaimOutcome.AlreadyFailed, (await _store.ClaimAsync(key, "message-1", default)).Outcome);
        var record = (await _store.FindAsync(key, default))!;
        Assert.Equal(SentEmailStatus.Failed, record.Status);
        Assert.Equal(400, record.StatusCode);
        Assert.Contains("verified Sender Identity", record.Error);
    }

    [Fact]
    public async Task AReleasedClaim_CanBeClaimedByAnyDelivery()
    {
        var key = Key();
        await _store.ReleaseAsync(await _store.ClaimAsync(key, "message-1", default), default);

        Assert.Null(await _store.FindAsync(key, default));
        Assert.Equal(ClaimOutcome.Claimed, (await _store.ClaimAsync(key, "message-2", default)).Outcome);
    }

    [Fact]
    public async Task KeysWithCharactersRowKeysForbid_AreStoredUnderTheirHash()
    {
        var key = "digest:org/1#a?b\\c:kari@example.no:2026-W47\t";

        var claim = await _store.ClaimAsync(key, "message-1", default);

        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Matches("^[0-9a-f]{64}$", claim.RowKey);
        Assert.Equal(claim.RowKey[..2], claim.PartitionKey);
        Assert.Equal((claim.PartitionKey, claim.RowKey), SentEmailStore.KeyOf(key));
        Assert.NotEqual(SentEmailStore.KeyOf(key), SentEmailStore.KeyOf(key.ToUpperInvariant()));
    }
}
