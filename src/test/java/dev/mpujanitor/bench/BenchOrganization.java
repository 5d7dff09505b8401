package dev.mpujanitor.bench;

import dev.mpujanitor.config.Settings;
import dev.mpujanitor.testing.FakeOrganizations;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account's buckets dealt out to an organization of accounts of {@code bucketsPerAccount} each, all on loopback:
 * Organizations lists the accounts 20 a page (the most ListAccounts returns), STS hands out each member's credentials
 * to the hub's, and a proxy in front of S3Mock shows each account only its own buckets, every listing page full, and
 * refuses any call for another's bucket or whose ExpectedBucketOwner is not the bucket's owner, as S3 does.
 */
final class BenchOrganization implements AutoCloseable {

    /** The account whose credentials the run has: it lists the organization and assumes each member's role. */
    static final String HUB_ACCOUNT = "100000000000";
    private static final String HUB_ACCESS_KEY = "AKIABENCHHUB00000000";
    private static final String HUB_SECRET_KEY = "bench-hub-secret";
    private static final int LIST_ACCOUNTS_PAGE = 20;

    private final FaultProxy proxy;
    private final FakeSts sts;
    private final FakeOrganizations organizations;
    private final int accounts;

    private BenchOrganization(FaultProxy proxy, FakeSts sts, FakeOrganizations organizations, int accounts) {
        this.proxy = proxy;
        this.sts = sts;
        this.organizations = organizations;
        this.accounts = accounts;
    }

    static BenchOrganization of(URI s3, BenchAccount buckets, int bucketsPerAccount) throws IOException {
        List<String> prefixes = buckets.groupPrefixes(bucketsPerAccount);
        Map<String, String> prefixOfAccount = new HashMap<>();
        Map<String, String> states = new LinkedHashMap<>();
        for (int index = 0; index < prefixes.size(); index++) {
            String account = "%012d".formatted(200_000_000_000L + index);
            prefixOfAccount.put(account, prefixes.get(index));
            states.put(account, "ACTIVE");
        }
        Map<String, String> ownerOfBucket = new HashMap<>();
        prefixOfAccount.forEach((account, prefix) -> buckets.kinds().keySet().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> ownerOfBucket.put(name, account)));
        FaultProxy proxy = new FaultProxy(s3)
                .accounts(ownerOfBucket, key -> key.equals(HUB_ACCESS_KEY) ? Optional.of(HUB_ACCOUNT) : FakeSts.accountOf(key))
                .listingPrefix(key -> FakeSts.accountOf(key).map(prefixOfAccount::get));
        return new BenchOrganization(proxy, new FakeSts(HUB_ACCOUNT, HUB_ACCESS_KEY, Settings.DEFAULT_MEMBER_ROLE, Optional.empty()),
                new FakeOrganizations(states, LIST_ACCOUNTS_PAGE), prefixes.size());
    }

    FaultProxy proxy() {
        return proxy;
    }

    int accounts() {
        return accounts;
    }

    /** The product's environment for a run over every account of the organization, with the hub's credentials. */
    Map<String, String> env() {
        return Map.of(
                "ACCOUNTS", "organization",
                "AWS_ENDPOINT_URL_STS", sts.endpoint().toString(),
                "AWS_ENDPOINT_URL_ORGANIZATIONS", organizations.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", HUB_ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", HUB_SECRET_KEY);
    }

    /** AssumeRole requests received so far. */
    int assumeRoleCalls() {
        return sts.calls().size();
    }

    /** ListAccounts requests received so far, pages included. */
    int listAccountsCalls() {
        return organizations.requests();
    }

    @Override
    public void close() {
        proxy.close();
        sts.close();
        organizations.close();
    }
}
