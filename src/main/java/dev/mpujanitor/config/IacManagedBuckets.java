package dev.mpujanitor.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** IAC_MANAGED_BUCKETS: what a run does with a bucket whose configuration a CloudFormation stack manages. */
public enum IacManagedBuckets {
    /** Reported MANAGED_BY_IAC and given no lifecycle write: the fix belongs in the stack. */
    REPORT,
    /** Written like any other bucket, which the stack sees as drift. */
    REMEDIATE;

    /** The value as operators write it: {@code report}, {@code remediate}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<IacManagedBuckets> of(String value) {
        return Arrays.stream(values()).filter(mode -> mode.value().equalsIgnoreCase(value.strip())).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(IacManagedBuckets::value).collect(Collectors.joining(" or "));
    }
}
