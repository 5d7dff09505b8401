package dev.mpujanitor.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a run can be told, read once and validated before any AWS call.
 *
 * <p>Each component has one environment variable and one template Parameter of the same name in
 * their own case conventions ({@code abortAfterDays}, {@code ABORT_AFTER_DAYS}, {@code AbortAfterDays}).
 *
 * @param abortAfterDays   DaysAfterInitiation of the rule we add, and the most a covering rule may have
 * @param dryRun           assess and report, never write
 * @param metricNamespace  CloudWatch namespace of the metrics
 * @param maxConcurrency   buckets processed at once, and the size of the HTTP connection pool
 * @param endpoints        endpoints instead of AWS's: an S3-compatible store, another Price List
 * @param forcePathStyle   path-style bucket addressing, which most S3-compatible stores need
 * @param uploads          what to do about the incomplete uploads themselves
 * @param excludeBuckets   glob patterns of bucket names never touched
 * @param iacManagedBuckets what to do with a bucket a CloudFormation stack manages
 * @param accounts         which accounts a run covers, and how it gets into them
 * @param directoryBuckets whether directory buckets (S3 Express One Zone) are covered too; only AWS, or a store whose
 *                         S3 Express endpoint is given, has them
 */
public record Settings(
        int abortAfterDays,
        boolean dryRun,
        String metricNamespace,
        int maxConcurrency,
        ServiceEndpoints endpoints,
        boolean forcePathStyle,
        UploadSettings uploads,
        List<String> excludeBuckets,
        IacManagedBuckets iacManagedBuckets,
        AccountSettings accounts,
        boolean directoryBuckets) {

    public static final String ABORT_AFTER_DAYS = "ABORT_AFTER_DAYS";
    public static final String DRY_RUN = "DRY_RUN";
    public static final String METRIC_NAMESPACE = "METRIC_NAMESPACE";
    public static final String MAX_CONCURRENCY = "MAX_CONCURRENCY";
    public static final String AWS_ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String S3_FORCE_PATH_STYLE = "S3_FORCE_PATH_STYLE";
    public static final String INVENTORY_UPLOADS = "INVENTORY_UPLOADS";
    public static final String MAX_LIST_PARTS_CALLS = "MAX_LIST_PARTS_CALLS";
    public static final String PRICE_PER_GB_MONTH = "PRICE_PER_GB_MONTH";
    public static final String AWS_ENDPOINT_URL_PRICING = "AWS_ENDPOINT_URL_PRICING";
    public static final String ABORT_STALE_UPLOADS = "ABORT_STALE_UPLOADS";
    public static final String EXCLUDE_BUCKETS = "EXCLUDE_BUCKETS";
    public static final String IAC_MANAGED_BUCKETS = "IAC_MANAGED_BUCKETS";
    public static final String ACCOUNTS = "ACCOUNTS";
    public static final String EXCLUDE_ACCOUNTS = "EXCLUDE_ACCOUNTS";
    public static final String MEMBER_ROLE = "MEMBER_ROLE";
    public static final String EXTERNAL_ID = "EXTERNAL_ID";
    public static final String AWS_ENDPOINT_URL_STS = "AWS_ENDPOINT_URL_STS";
    public static final String AWS_ENDPOINT_URL_ORGANIZATIONS = "AWS_ENDPOINT_URL_ORGANIZATIONS";
    public static final String DIRECTORY_BUCKETS = "DIRECTORY_BUCKETS";
    public static final String S3_EXPRESS_ENDPOINT_URL = "S3_EXPRESS_ENDPOINT_URL";

    public static final int DEFAULT_ABORT_AFTER_DAYS = 7;
    public static final String DEFAULT_METRIC_NAMESPACE = "MpuJanitor";
    /** The role member-role.yaml creates in each account. */
    public static final String DEFAULT_MEMBER_ROLE = "mpu-janitor-member";
    public static final int DEFAULT_MAX_CONCURRENCY = 32;
    /** S3 keeps an upload's parts at least this long under the rule; a year is already generous. */
    public static final int MAX_ABORT_AFTER_DAYS = 365;
    /** Beyond this, S3 throttles the bucket-configuration APIs rather than answering faster. */
    public static final int MAX_MAX_CONCURRENCY = 256;
    /** 100 pages of 1,000 parts: exact bytes for all but pathological buckets, bounded time for those. */
    public static final int DEFAULT_MAX_LIST_PARTS_CALLS = 100;
    public static final int MAX_MAX_LIST_PARTS_CALLS = 100_000;
    private static final BigDecimal MAX_PRICE_PER_GB_MONTH = new BigDecimal("10");

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    // IAM: a role name is 1-64 of alphanumerics and +=,.@_- (no path: the ARN is arn:...:role/<name>).
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    // STS AssumeRole's ExternalId: 2-1224 of alphanumerics and +=,.@:/- (the API reference's pattern).
    private static final Pattern EXTERNAL_ID_VALUE = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    // Bucket name characters, plus the glob's * and ?.
    private static final Pattern BUCKET_GLOB = Pattern.compile("[a-z0-9.\\-*?]{1,63}");
    // An IPv4 address, or an IPv6 one in brackets, as a URL names it.
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+]");
    // CloudWatch: 1-255 characters of alphanumerics and . - _ / # : (no leading colon).
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9.\\-_/#][A-Za-z0-9.\\-_/#:]{0,254}");

    public Settings {
        require(ABORT_AFTER_DAYS, abortAfterDays >= 1 && abortAfterDays <= MAX_ABORT_AFTER_DAYS,
                "must be between 1 and " + MAX_ABORT_AFTER_DAYS + ", was " + abortAfterDays);
        require(METRIC_NAMESPACE, metricNamespace != null && NAMESPACE.matcher(metricNamespace).matches()
                        && !metricNamespace.startsWith("AWS/"),
                "must be 1-255 of A-Z a-z 0-9 . - _ / # : and not start with ':' or 'AWS/', was " + Untrusted.quoted(metricNamespace));
        require(MAX_CONCURRENCY, maxConcurrency >= 1 && maxConcurrency <= MAX_MAX_CONCURRENCY,
                "must be between 1 and " + MAX_MAX_CONCURRENCY + ", was " + maxConcurrency);
        endpoints = endpoints == null ? ServiceEndpoints.aws() : endpoints;
        require(MAX_LIST_PARTS_CALLS, uploads.maxListPartsCalls() >= 0 && uploads.maxListPartsCalls() <= MAX_MAX_LIST_PARTS_CALLS,
                "must be between 0 and " + MAX_MAX_LIST_PARTS_CALLS + ", was " + uploads.maxListPartsCalls());
        excludeBuckets = List.copyOf(excludeBuckets);
        for (String pattern : excludeBuckets) {
            require(EXCLUDE_BUCKETS, BUCKET_GLOB.matcher(pattern).matches(),
                    "each pattern is a bucket name with * and ? wildcards (a-z 0-9 . -), was " + Untrusted.quoted(pattern));
        }
        require(IAC_MANAGED_BUCKETS, iacManagedBuckets != null, "must be " + IacManagedBuckets.allowed());
        for (String id : accounts.excluded()) {
            require(EXCLUDE_ACCOUNTS, ACCOUNT_ID.matcher(id).matches(), "must be 12-digit account IDs separated by commas, was " + Untrusted.quoted(id));
        }
        require(MEMBER_ROLE, ROLE_NAME.matcher(accounts.memberRole()).matches(),
                "must be an IAM role name (1-64 of letters, digits and +=,.@_-), was " + Untrusted.quoted(accounts.memberRole()));
        // The external ID guards the member roles: it is never shown, not even when it is wrong.
        accounts.externalId().ifPresent(id -> require(EXTERNAL_ID, EXTERNAL_ID_VALUE.matcher(id).matches(),
                "must be 2-1224 of letters, digits and +=,.@:/_- (the value given is not shown)"));
        require(ACCOUNTS, accounts.selfOnly() || endpoints.asksSts(),
                "an S3-compatible store has no AWS accounts to assume a role in: leave ACCOUNTS at self");
        require(ACCOUNTS, !(accounts.selection() instanceof AccountSelection.Organization) || endpoints.s3().isEmpty() || endpoints.organizations().isPresent(),
                "an S3-compatible store has no organization to list: name the accounts, or leave ACCOUNTS at self");
        endpoints.s3Express().ifPresent(url -> require(S3_EXPRESS_ENDPOINT_URL, IP_ADDRESS.matcher(url.getHost()).matches(),
                "must name its host by IP address, such as http://127.0.0.1:9090: the SDK puts a directory bucket's name in front of any "
                        + "host name, was " + Untrusted.quoted(url)));
        uploads.pricePerGbMonth().ifPresent(price -> require(PRICE_PER_GB_MONTH, price.signum() >= 0 && price.compareTo(MAX_PRICE_PER_GB_MONTH) <= 0,
                "must be between 0 and " + MAX_PRICE_PER_GB_MONTH + " (USD), was " + Untrusted.quoted(price)));
    }

    /**
     * Whether the run lists directory buckets: when they are asked for, against AWS or a store whose S3 Express
     * endpoint is given. An S3-compatible store has none, and would answer ListDirectoryBuckets as ListBuckets.
     */
    public boolean listsDirectoryBuckets() {
        return directoryBuckets && (endpoints.s3().isEmpty() || endpoints.s3Express().isPresent());
    }

    /** Reads the settings from environment variables; absent or blank means the default. */
    public static Settings fromEnv(Map<String, String> env) {
        return fromEnv(env, SettingsOverrides.NONE);
    }

    /**
     * Reads the settings from environment variables, each option given taking the place of its variable before anything
     * is validated: a bad variable that an option replaces is no error.
     */
    public static Settings fromEnv(Map<String, String> env, SettingsOverrides options) {
        return new Settings(
                options.abortAfterDays().orElseGet(() -> integer(env, ABORT_AFTER_DAYS, DEFAULT_ABORT_AFTER_DAYS)),
                options.dryRun().orElseGet(() -> bool(env, DRY_RUN, false)),
                text(env, METRIC_NAMESPACE).orElse(DEFAULT_METRIC_NAMESPACE),
                integer(env, MAX_CONCURRENCY, DEFAULT_MAX_CONCURRENCY),
                // An S3 endpoint option replaces any endpoint of the environment, the general one included.
                new ServiceEndpoints(options.s3Endpoint().or(() -> s3Endpoint(env)), url(env, AWS_ENDPOINT_URL_PRICING), url(env, AWS_ENDPOINT_URL_STS),
                        url(env, AWS_ENDPOINT_URL_ORGANIZATIONS), url(env, S3_EXPRESS_ENDPOINT_URL)),
                options.forcePathStyle().orElseGet(() -> bool(env, S3_FORCE_PATH_STYLE, false)),
                new UploadSettings(
                        bool(env, INVENTORY_UPLOADS, true),
                        integer(env, MAX_LIST_PARTS_CALLS, DEFAULT_MAX_LIST_PARTS_CALLS),
                        decimal(env, PRICE_PER_GB_MONTH),
                        bool(env, ABORT_STALE_UPLOADS, false)),
                options.excludeBuckets().orElseGet(() -> list(env, EXCLUDE_BUCKETS)),
                iacManagedBuckets(env),
                new AccountSettings(
                        options.accounts().orElseGet(() -> text(env, ACCOUNTS).map(Settings::accountSelection).orElse(new AccountSelection.Self())),
                        Set.copyOf(options.excludeAccounts().orElseGet(() -> list(env, EXCLUDE_ACCOUNTS))),
                        options.memberRole().or(() -> text(env, MEMBER_ROLE)).orElse(DEFAULT_MEMBER_ROLE),
                        options.externalId().or(() -> text(env, EXTERNAL_ID))),
                options.directoryBuckets().orElseGet(() -> bool(env, DIRECTORY_BUCKETS, true)));
    }

    /** ACCOUNTS: {@code self}, {@code organization}, or account IDs separated by commas. */
    public static AccountSelection accountSelection(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.equalsIgnoreCase("self")) {
            return new AccountSelection.Self();
        }
        if (text.equalsIgnoreCase("organization")) {
            return new AccountSelection.Organization();
        }
        List<String> ids = items(text);
        require(ACCOUNTS, ids.stream().allMatch(id -> ACCOUNT_ID.matcher(id).matches()),
                "must be self, organization, or 12-digit account IDs separated by commas, was " + Untrusted.quoted(text));
        return new AccountSelection.Listed(ids.stream().distinct().sorted().toList());
    }

    /** A whole number, for {@code variable}. */
    public static int integer(String variable, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(variable, "must be a whole number, was " + Untrusted.quoted(value.strip()));
        }
    }

    /** An http or https URL, for {@code variable}. */
    public static URI url(String variable, String value) {
        String text = value.strip();
        try {
            URI uri = new URI(text);
            require(variable, ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                    "must be an http or https URL, was " + Untrusted.quoted(text));
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(variable, "must be an http or https URL, was " + Untrusted.quoted(text));
        }
    }

    private static IacManagedBuckets iacManagedBuckets(Map<String, String> env) {
        return text(env, IAC_MANAGED_BUCKETS).map(value -> IacManagedBuckets.of(value).orElseThrow(() -> new InvalidSettingException(
                IAC_MANAGED_BUCKETS, "must be " + IacManagedBuckets.allowed() + ", was " + Untrusted.quoted(value)))).orElse(IacManagedBuckets.REPORT);
    }

    private static List<String> list(Map<String, String> env, String variable) {
        return text(env, variable).map(Settings::items).orElse(List.of());
    }

    private static List<String> items(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static Optional<URI> s3Endpoint(Map<String, String> env) {
        return url(env, text(env, AWS_ENDPOINT_URL_S3).isPresent() ? AWS_ENDPOINT_URL_S3 : AWS_ENDPOINT_URL);
    }

    private static Optional<URI> url(Map<String, String> env, String variable) {
        return text(env, variable).map(value -> url(variable, value));
    }

    private static int integer(Map<String, String> env, String variable, int fallback) {
        return text(env, variable).map(value -> integer(variable, value)).orElse(fallback);
    }

    private static Optional<BigDecimal> decimal(Map<String, String> env, String variable) {
        return text(env, variable).map(value -> {
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(variable, "must be a decimal number such as 0.023, was " + Untrusted.quoted(value));
            }
        });
    }

    private static boolean bool(Map<String, String> env, String variable, boolean fallback) {
        Optional<String> value = text(env, variable).map(v -> v.toLowerCase(Locale.ROOT));
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(variable, "must be true or false, was " + Untrusted.quoted(env.get(variable)));
        };
    }

    private static Optional<String> text(Map<String, String> env, String variable) {
        return Optional.ofNullable(env.get(variable)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static void require(String variable, boolean condition, String problem) {
        if (!condition) {
            throw new InvalidSettingException(variable, problem);
        }
    }
}
