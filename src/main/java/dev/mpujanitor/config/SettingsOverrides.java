package dev.mpujanitor.config;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line's options, typed, each over the variable of the same setting; empty where an option was not given.
 * {@link Settings#fromEnv(java.util.Map, SettingsOverrides)} puts them over the environment before anything is
 * validated, so an option is checked by the same rules as its variable.
 */
public record SettingsOverrides(
        Optional<Boolean> dryRun,
        Optional<Integer> abortAfterDays,
        Optional<List<String>> excludeBuckets,
        Optional<URI> s3Endpoint,
        Optional<Boolean> forcePathStyle,
        Optional<AccountSelection> accounts,
        Optional<List<String>> excludeAccounts,
        Optional<String> memberRole,
        Optional<String> externalId,
        Optional<Boolean> directoryBuckets) {

    public static final SettingsOverrides NONE = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /** The variables an option was given for, such as {@code ABORT_AFTER_DAYS} for {@code --days}. */
    public Set<String> variablesSet() {
        Set<String> set = new HashSet<>();
        dryRun.ifPresent(value -> set.add(Settings.DRY_RUN));
        abortAfterDays.ifPresent(value -> set.add(Settings.ABORT_AFTER_DAYS));
        excludeBuckets.ifPresent(value -> set.add(Settings.EXCLUDE_BUCKETS));
        s3Endpoint.ifPresent(value -> set.add(Settings.AWS_ENDPOINT_URL_S3));
        forcePathStyle.ifPresent(value -> set.add(Settings.S3_FORCE_PATH_STYLE));
        accounts.ifPresent(value -> set.add(Settings.ACCOUNTS));
        excludeAccounts.ifPresent(value -> set.add(Settings.EXCLUDE_ACCOUNTS));
        memberRole.ifPresent(value -> set.add(Settings.MEMBER_ROLE));
        externalId.ifPresent(value -> set.add(Settings.EXTERNAL_ID));
        directoryBuckets.ifPresent(value -> set.add(Settings.DIRECTORY_BUCKETS));
        return Set.copyOf(set);
    }

    /** The options as the command line holds them: null for an option not given, an empty list for a list not given. */
    public static final class Builder {
        private Boolean dryRun;
        private Integer abortAfterDays;
        private List<String> excludeBuckets = List.of();
        private URI s3Endpoint;
        private Boolean forcePathStyle;
        private AccountSelection accounts;
        private List<String> excludeAccounts = List.of();
        private String memberRole;
        private String externalId;
        private Boolean directoryBuckets;

        private Builder() {
        }

        public Builder dryRun(Boolean value) {
            dryRun = value;
            return this;
        }

        public Builder abortAfterDays(Integer value) {
            abortAfterDays = value;
            return this;
        }

        public Builder excludeBuckets(List<String> value) {
            excludeBuckets = value;
            return this;
        }

        public Builder s3Endpoint(URI value) {
            s3Endpoint = value;
            return this;
        }

        public Builder forcePathStyle(Boolean value) {
            forcePathStyle = value;
            return this;
        }

        public Builder accounts(AccountSelection value) {
            accounts = value;
            return this;
        }

        public Builder excludeAccounts(List<String> value) {
            excludeAccounts = value;
            return this;
        }

        public Builder memberRole(String value) {
            memberRole = value;
            return this;
        }

        public Builder directoryBuckets(Boolean value) {
            directoryBuckets = value;
            return this;
        }

        public Builder externalId(String value) {
            externalId = value;
            return this;
        }

        public SettingsOverrides build() {
            return new SettingsOverrides(Optional.ofNullable(dryRun), Optional.ofNullable(abortAfterDays), given(excludeBuckets),
                    Optional.ofNullable(s3Endpoint), Optional.ofNullable(forcePathStyle), Optional.ofNullable(accounts), given(excludeAccounts),
                    Optional.ofNullable(memberRole), Optional.ofNullable(externalId), Optional.ofNullable(directoryBuckets));
        }

        /** A list given, as a variable's would be read: each item stripped, empty items left out. */
        private static Optional<List<String>> given(List<String> values) {
            List<String> items = values == null ? List.of() : values.stream().map(String::strip).filter(item -> !item.isEmpty()).toList();
            return items.isEmpty() ? Optional.empty() : Optional.of(items);
        }
    }
}
