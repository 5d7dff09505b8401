package dev.mpujanitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaults() {
        Settings settings = Settings.fromEnv(Map.of());

        assertThat(settings.abortAfterDays()).isEqualTo(7);
        assertThat(settings.dryRun()).isFalse();
        assertThat(settings.metricNamespace()).isEqualTo("MpuJanitor");
        assertThat(settings.maxConcurrency()).isEqualTo(32);
        assertThat(settings.endpoints()).isEqualTo(ServiceEndpoints.aws());
        assertThat(settings.forcePathStyle()).isFalse();
        assertThat(settings.uploads().pricePerGbMonth()).as("the list prices, not one of ours").isEmpty();
    }

    @Test
    void everyVariableIsRead() {
        Settings settings = Settings.fromEnv(Map.of(
                "ABORT_AFTER_DAYS", "3",
                "DRY_RUN", "TRUE",
                "METRIC_NAMESPACE", "Platform/MpuJanitor",
                "MAX_CONCURRENCY", " 64 ",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:7480",
                "AWS_ENDPOINT_URL_PRICING", "http://127.0.0.1:8099",
                "S3_FORCE_PATH_STYLE", "true"));

        assertThat(settings).isEqualTo(new Settings(3, true, "Platform/MpuJanitor", 64,
                new ServiceEndpoints(java.util.Optional.of(URI.create("http://127.0.0.1:7480")), java.util.Optional.of(URI.create("http://127.0.0.1:8099")), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty()),
                true, new UploadSettings(true, Settings.DEFAULT_MAX_LIST_PARTS_CALLS, java.util.Optional.empty(), false),
                java.util.List.of(), IacManagedBuckets.REPORT,
                new AccountSettings(new AccountSelection.Self(), java.util.Set.of(), Settings.DEFAULT_MEMBER_ROLE, java.util.Optional.empty()), true));
    }

    @Test
    void theUploadSettingsAreRead() {
        Settings settings = Settings.fromEnv(Map.of("INVENTORY_UPLOADS", "false", "MAX_LIST_PARTS_CALLS", "0",
                "PRICE_PER_GB_MONTH", "0.0125", "ABORT_STALE_UPLOADS", "true"));

        assertThat(settings.uploads()).isEqualTo(new UploadSettings(false, 0, java.util.Optional.of(new java.math.BigDecimal("0.0125")), true));
    }

    @Test
    void exclusionsAndTheIacChoiceAreRead() {
        Settings settings = Settings.fromEnv(Map.of("EXCLUDE_BUCKETS", "logs-*, prod-critical ,,cdn-??", "IAC_MANAGED_BUCKETS", "Remediate"));

        assertThat(settings.excludeBuckets()).containsExactly("logs-*", "prod-critical", "cdn-??");
        assertThat(settings.iacManagedBuckets()).isEqualTo(IacManagedBuckets.REMEDIATE);
        assertThat(Settings.fromEnv(Map.of()).iacManagedBuckets()).as("a careful default").isEqualTo(IacManagedBuckets.REPORT);
    }

    @Test
    void blankValuesMeanTheDefault() {
        assertThat(Settings.fromEnv(Map.of("ABORT_AFTER_DAYS", " ", "DRY_RUN", ""))).isEqualTo(Settings.fromEnv(Map.of()));
    }

    @Test
    void theServiceSpecificEndpointWinsOverTheGeneralOne() {
        Settings settings = Settings.fromEnv(Map.of(
                "AWS_ENDPOINT_URL", "http://general:1", "AWS_ENDPOINT_URL_S3", "http://s3-only:2"));

        assertThat(settings.endpoints().s3()).contains(URI.create("http://s3-only:2"));
        assertThat(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL", "http://general:1")).endpoints().s3())
                .contains(URI.create("http://general:1"));
        assertThat(settings.endpoints().priceList()).as("the general endpoint is for S3 alone").isEmpty();
    }

    @Test
    void thePriceListIsAskedAgainstAwsOrWhereItsOwnEndpointIsGiven() {
        assertThat(Settings.fromEnv(Map.of()).endpoints().asksThePriceList()).isTrue();
        assertThat(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://store:7480")).endpoints().asksThePriceList()).isFalse();
        assertThat(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://store:7480", "AWS_ENDPOINT_URL_PRICING", "http://prices:1"))
                .endpoints().asksThePriceList()).isTrue();
    }

    @Test
    void stsIsAskedAgainstAwsOrWhereItsOwnEndpointIsGiven() {
        assertThat(Settings.fromEnv(Map.of()).endpoints().asksSts()).isTrue();
        assertThat(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://store:7480")).endpoints().asksSts()).isFalse();
        assertThat(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://emulator:5000", "AWS_ENDPOINT_URL_STS", "http://emulator:5000"))
                .endpoints().asksSts()).isTrue();
    }

    @Test
    void directoryBucketsAreListedAgainstAwsOrWhereTheS3ExpressEndpointIsGivenUnlessTurnedOff() {
        assertThat(Settings.fromEnv(Map.of()).listsDirectoryBuckets()).isTrue();
        assertThat(Settings.fromEnv(Map.of("DIRECTORY_BUCKETS", "false")).listsDirectoryBuckets()).isFalse();
        assertThat(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://store:7480")).listsDirectoryBuckets()).isFalse();
        assertThat(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:7480", "S3_EXPRESS_ENDPOINT_URL", "http://127.0.0.1:9090"))
                .listsDirectoryBuckets()).isTrue();
        assertThat(Settings.fromEnv(Map.of("S3_EXPRESS_ENDPOINT_URL", "http://[::1]:9090")).endpoints().s3Express()).isPresent();
    }

    @Test
    void anS3ExpressEndpointNamedByHostNameIsRefusedSayingWhy() {
        assertThatThrownBy(() -> Settings.fromEnv(Map.of("S3_EXPRESS_ENDPOINT_URL", "http://localhost:9090")))
                .hasMessageStartingWith("S3_EXPRESS_ENDPOINT_URL: must name its host by IP address").hasMessageContaining("localhost");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
        "ABORT_AFTER_DAYS|0|between 1 and 365",
        "ABORT_AFTER_DAYS|366|between 1 and 365",
        "ABORT_AFTER_DAYS|seven|whole number",
        "ABORT_AFTER_DAYS|1.5|whole number",
        "DRY_RUN|yes|true or false",
        "DRY_RUN|1|true or false",
        "METRIC_NAMESPACE|AWS/S3|not start with",
        "METRIC_NAMESPACE|:colon|not start with",
        "METRIC_NAMESPACE|has space|1-255",
        "MAX_CONCURRENCY|0|between 1 and 256",
        "MAX_CONCURRENCY|257|between 1 and 256",
        "MAX_CONCURRENCY|-4|between 1 and 256",
        "AWS_ENDPOINT_URL_S3|ftp://host|http or https URL",
        "AWS_ENDPOINT_URL_S3|not a url|http or https URL",
        "AWS_ENDPOINT_URL|http://|http or https URL",
        "AWS_ENDPOINT_URL_PRICING|prices|http or https URL",
        "S3_FORCE_PATH_STYLE|on|true or false",
        "INVENTORY_UPLOADS|no|true or false",
        "ABORT_STALE_UPLOADS|y|true or false",
        "MAX_LIST_PARTS_CALLS|-1|between 0 and 100000",
        "MAX_LIST_PARTS_CALLS|100001|between 0 and 100000",
        "MAX_LIST_PARTS_CALLS|lots|whole number",
        "PRICE_PER_GB_MONTH|cheap|decimal number",
        "PRICE_PER_GB_MONTH|-0.01|between 0 and 10",
        "PRICE_PER_GB_MONTH|10.5|between 0 and 10",
        "EXCLUDE_BUCKETS|Logs-*|each pattern is a bucket name",
        "EXCLUDE_BUCKETS|logs/*|each pattern is a bucket name",
        "IAC_MANAGED_BUCKETS|ignore|must be report or remediate",
        "ACCOUNTS|everyone|must be self, organization, or 12-digit account IDs",
        "ACCOUNTS|12345678901|must be self, organization, or 12-digit account IDs",
        "ACCOUNTS|111111111111;222222222222|must be self, organization, or 12-digit account IDs",
        "EXCLUDE_ACCOUNTS|self|must be 12-digit account IDs",
        "MEMBER_ROLE|role/mpu-janitor-member|must be an IAM role name",
        "MEMBER_ROLE|arn:aws:iam::111111111111:role/x|must be an IAM role name",
        "EXTERNAL_ID|x|must be 2-1224 of",
        "EXTERNAL_ID|has space|must be 2-1224 of",
    })
    void aBadValueFailsWithAMessageNamingTheVariable(String variable, String value, String problem) {
        assertThatThrownBy(() -> Settings.fromEnv(Map.of(variable, value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(variable + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((InvalidSettingException) e).variable()).isEqualTo(variable));
    }

    @Test
    void accountsAreSelfByDefaultAndTheOrganizationOrIdsWhenSaid() {
        assertThat(Settings.fromEnv(Map.of()).accounts())
                .isEqualTo(new AccountSettings(new AccountSelection.Self(), java.util.Set.of(), "mpu-janitor-member", java.util.Optional.empty()));
        assertThat(Settings.fromEnv(Map.of("ACCOUNTS", " Organization ")).accounts().selection()).isEqualTo(new AccountSelection.Organization());
        assertThat(Settings.fromEnv(Map.of("ACCOUNTS", "SELF")).accounts().selfOnly()).isTrue();
        AccountSettings listed = Settings.fromEnv(Map.of("ACCOUNTS", "333333333333, 222222222222,333333333333",
                "EXCLUDE_ACCOUNTS", "444444444444 ,555555555555", "MEMBER_ROLE", "janitor@org", "EXTERNAL_ID", "x-1/2:3")).accounts();
        assertThat(listed.selection()).as("sorted, once each").isEqualTo(new AccountSelection.Listed(java.util.List.of("222222222222", "333333333333")));
        assertThat(listed.excluded()).containsExactlyInAnyOrder("444444444444", "555555555555");
        assertThat(listed.memberRole()).isEqualTo("janitor@org");
        assertThat(listed.externalId()).contains("x-1/2:3");
    }

    @Test
    void anS3CompatibleStoreHasNoAccountsToEnterUnlessStsIsThereToo() {
        assertThatThrownBy(() -> Settings.fromEnv(Map.of("ACCOUNTS", "222222222222", "AWS_ENDPOINT_URL_S3", "http://store:7480")))
                .hasMessageStartingWith("ACCOUNTS: ").hasMessageContaining("leave ACCOUNTS at self");
        assertThatThrownBy(() -> Settings.fromEnv(Map.of("ACCOUNTS", "organization", "AWS_ENDPOINT_URL_S3", "http://store:7480",
                "AWS_ENDPOINT_URL_STS", "http://sts:1"))).hasMessageStartingWith("ACCOUNTS: ").hasMessageContaining("no organization to list");
        assertThat(Settings.fromEnv(Map.of("ACCOUNTS", "organization", "AWS_ENDPOINT_URL_S3", "http://store:7480",
                "AWS_ENDPOINT_URL_STS", "http://sts:1", "AWS_ENDPOINT_URL_ORGANIZATIONS", "http://org:2")).endpoints().organizations())
                .contains(URI.create("http://org:2"));
    }

    @Test
    void aNamespaceOf255CharactersIsAcceptedAnd256IsNot() {
        assertThat(Settings.fromEnv(Map.of("METRIC_NAMESPACE", "n".repeat(255))).metricNamespace()).hasSize(255);
        assertThatThrownBy(() -> Settings.fromEnv(Map.of("METRIC_NAMESPACE", "n".repeat(256))))
                .hasMessageStartingWith("METRIC_NAMESPACE: ");
    }

    @Test
    void anExternalIdIsNeverShownEvenWhenItIsWrong() {
        String secret = "s3cr3t value";

        assertThatThrownBy(() -> Settings.fromEnv(Map.of("EXTERNAL_ID", secret)))
                .hasMessage("EXTERNAL_ID: must be 2-1224 of letters, digits and +=,.@:/_- (the value given is not shown)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void aRejectedValueIsQuotedByItsFirstHundredCharactersWithItsControlsEscaped() {
        assertThatThrownBy(() -> Settings.fromEnv(Map.of("MEMBER_ROLE", "r\u001b[2J" + "x".repeat(300_000))))
                .hasMessage("MEMBER_ROLE: must be an IAM role name (1-64 of letters, digits and +=,.@_-), was 'r\\u001b[2J" + "x".repeat(95)
                        + "'... (300005 characters)");
        assertThatThrownBy(() -> Settings.fromEnv(Map.of("PRICE_PER_GB_MONTH", "1E+999999")))
                .hasMessage("PRICE_PER_GB_MONTH: must be between 0 and 10 (USD), was 1E+999999");
        assertThatThrownBy(() -> Settings.fromEnv(Map.of("DRY_RUN", "yes\rno")))
                .hasMessage("DRY_RUN: must be true or false, was 'yes\\u000dno'");
    }
}
