package dev.mpujanitor.cli;

import dev.mpujanitor.config.AccountSelection;
import dev.mpujanitor.config.Settings;
import java.net.URI;
import picocli.CommandLine;

/**
 * The options whose values a setting's own parser reads, so that an option and its variable are held to one rule; a
 * value the parser refuses comes back as the setting's {@link dev.mpujanitor.config.InvalidSettingException}.
 */
final class SettingOptions {

    private SettingOptions() {
    }

    /** --days: a whole number, by ABORT_AFTER_DAYS's own rule. */
    static final class Days implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Settings.integer(Settings.ABORT_AFTER_DAYS, value);
        }
    }

    /** --endpoint: an http or https URL, by AWS_ENDPOINT_URL_S3's own rule. */
    static final class Endpoint implements CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            return Settings.url(Settings.AWS_ENDPOINT_URL_S3, value);
        }
    }

    /** --accounts: self, organization or account IDs, by ACCOUNTS's own rule. */
    static final class Accounts implements CommandLine.ITypeConverter<AccountSelection> {
        @Override
        public AccountSelection convert(String value) {
            return Settings.accountSelection(value);
        }
    }
}
