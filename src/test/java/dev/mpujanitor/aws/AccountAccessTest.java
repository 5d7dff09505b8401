package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mpujanitor.config.Settings;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.ports.OrganizationDirectory.OrganizationAccount;
import dev.mpujanitor.ports.OrganizationDirectory;
import dev.mpujanitor.run.AccountAccess;
import dev.mpujanitor.run.S3Account;
import dev.mpujanitor.testing.FakeOrganizations;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Into the organization's accounts on loopback Organizations and STS servers that speak the real protocols: the
 * accounts are read page by page with their state, and a member account is entered by AssumeRole into its member
 * role, with the session name, external ID and error code AWS documents.
 */
class AccountAccessTest {

    private static final String HUB_KEY = "AKIAHUBTEST000000000";
    private static final StaticCredentialsProvider HUB = StaticCredentialsProvider.create(AwsBasicCredentials.create(HUB_KEY, "secret"));

    /** The production's attempts, with pauses short enough for a test. */
    private static final ClientTimeouts QUICK_RETRIES = new ClientTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10),
            ClientTimeouts.DEFAULT.maxAttempts(), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(50));

    private final List<AutoCloseable> servers = new ArrayList<>();

    private AwsClients clients(Map<String, String> env) {
        Settings settings = Settings.fromEnv(env);
        AwsClients clients = new AwsClients(settings, Targets.loopback(HUB), new ApiCalls());
        servers.add(clients);
        return clients;
    }

    private static Map<String, String> organization() {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("222222222222", "ACTIVE");
        states.put("555555555555", "SUSPENDED");
        states.put("111111111111", "ACTIVE");
        states.put("777777777777", "CLOSED");
        states.put("333333333333", "PENDING_CLOSURE");
        return states;
    }

    private List<OrganizationAccount> listed(FakeOrganizations fake) {
        servers.add(fake);
        List<OrganizationAccount> accounts = new ArrayList<>();
        clients(Map.of("AWS_ENDPOINT_URL_ORGANIZATIONS", fake.endpoint().toString())).organization().forEachAccount(accounts::add);
        return accounts;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void everyAccountOfEveryPageIsListedWithItsState() throws Exception {
        FakeOrganizations fake = new FakeOrganizations(organization(), 2);

        List<OrganizationAccount> accounts = listed(fake);

        assertThat(accounts).containsExactly(new OrganizationAccount("222222222222", "ACTIVE"), new OrganizationAccount("555555555555", "SUSPENDED"),
                new OrganizationAccount("111111111111", "ACTIVE"), new OrganizationAccount("777777777777", "CLOSED"),
                new OrganizationAccount("333333333333", "PENDING_CLOSURE"));
        assertThat(accounts).filteredOn(OrganizationAccount::active).hasSize(2);
        assertThat(fake.requests()).isEqualTo(3);
    }

    @Test
    void anAnswerWithoutStateIsReadByItsStatus() throws Exception {
        List<OrganizationAccount> accounts = listed(new FakeOrganizations(organization(), 10).withoutState());

        assertThat(accounts).filteredOn(OrganizationAccount::active).extracting(OrganizationAccount::id)
                .containsExactly("222222222222", "111111111111");
    }

    @Test
    void aThrottledPageIsAskedAgainAndEachRequestIsCounted() throws Exception {
        FakeOrganizations fake = new FakeOrganizations(organization(), 2).throttlingNext(1);
        servers.add(fake);
        ApiCalls apiCalls = new ApiCalls();
        AwsClients clients = new AwsClients(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_ORGANIZATIONS", fake.endpoint().toString())),
                Targets.loopback(HUB), apiCalls, QUICK_RETRIES);
        servers.add(clients);
        List<OrganizationAccount> accounts = new ArrayList<>();

        clients.organization().forEachAccount(accounts::add);

        assertThat(accounts).hasSize(5);
        assertThat(fake.requests()).as("three pages, the first asked twice").isEqualTo(4);
        assertThat(apiCalls.snapshot()).containsEntry("ListAccounts", 4L);
    }

    @Test
    void anOrganizationThatRefusesSaysWhy() throws Exception {
        FakeOrganizations fake = new FakeOrganizations(organization(), 2).refusing();
        servers.add(fake);
        OrganizationDirectory directory = clients(Map.of("AWS_ENDPOINT_URL_ORGANIZATIONS", fake.endpoint().toString())).organization();

        assertThatThrownBy(() -> directory.forEachAccount(account -> { }))
                .isInstanceOf(OrganizationDirectory.DirectoryException.class)
                .hasMessageContaining("could not list the organization's accounts").hasMessageContaining("AccessDeniedException");
    }

    @Test
    void aMemberAccountIsEnteredThroughItsRoleWithTheSessionNameAndExternalId() throws Exception {
        FakeSts sts = new FakeSts("111111111111", HUB_KEY, "janitor-member", Optional.of("ext-42"));
        servers.add(sts);
        AwsClients clients = clients(Map.of("AWS_ENDPOINT_URL_STS", sts.endpoint().toString(), "ACCOUNTS", "222222222222",
                "MEMBER_ROLE", "janitor-member", "EXTERNAL_ID", "ext-42"));

        try (AwsAccountAccess access = new AwsAccountAccess(clients, "aws", Settings.fromEnv(Map.of("MEMBER_ROLE", "janitor-member",
                "EXTERNAL_ID", "ext-42")).accounts(), false); S3Account member = access.open(AccountRef.member("222222222222"))) {
            assertThat(member).isNotNull();
        }

        assertThat(sts.calls()).singleElement().satisfies(call -> {
            assertThat(call.roleArn()).isEqualTo("arn:aws:iam::222222222222:role/janitor-member");
            assertThat(call.sessionName()).isEqualTo("mpu-janitor");
            assertThat(call.externalId()).contains("ext-42");
            assertThat(call.accessKey()).isEqualTo(HUB_KEY);
        });
    }

    @Test
    void aRefusedRoleFailsTheAccountWithStsErrorCodeAndTheRoleItTried() throws Exception {
        FakeSts sts = new FakeSts("111111111111", HUB_KEY, Settings.DEFAULT_MEMBER_ROLE, Optional.empty()).refusing("333333333333");
        servers.add(sts);
        AwsClients clients = clients(Map.of("AWS_ENDPOINT_URL_STS", sts.endpoint().toString()));

        try (AwsAccountAccess access = new AwsAccountAccess(clients, "aws", Settings.fromEnv(Map.of()).accounts(), false)) {
            assertThatThrownBy(() -> access.open(AccountRef.member("333333333333")))
                    .isInstanceOf(AccountAccess.AccountAccessException.class)
                    .hasMessageContaining("arn:aws:iam::333333333333:role/mpu-janitor-member")
                    .satisfies(e -> assertThat(((AccountAccess.AccountAccessException) e).errorCode()).isEqualTo("AccessDenied"));
        }
        assertThat(sts.calls()).as("a refusal is not retried").hasSize(1);
    }

    @Test
    void theOwnAccountIsEnteredWithTheRunsOwnCredentials() throws Exception {
        FakeSts sts = new FakeSts("111111111111", HUB_KEY, Settings.DEFAULT_MEMBER_ROLE, Optional.empty());
        servers.add(sts);
        AwsClients clients = clients(Map.of("AWS_ENDPOINT_URL_STS", sts.endpoint().toString()));

        try (AwsAccountAccess access = new AwsAccountAccess(clients, "aws", Settings.fromEnv(Map.of()).accounts(), false);
                S3Account own = access.open(AccountRef.own(Optional.of("111111111111")))) {
            assertThat(own).isInstanceOf(S3BucketStore.class);
        }

        assertThat(sts.calls()).isEmpty();
    }
}
