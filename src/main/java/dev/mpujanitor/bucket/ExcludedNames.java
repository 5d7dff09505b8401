package dev.mpujanitor.bucket;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The bucket name patterns of EXCLUDE_BUCKETS: globs over the whole name, {@code *} for any run of characters and
 * {@code ?} for one. Compiled once, since every listed bucket is matched against them.
 */
public final class ExcludedNames {

    private final List<String> patterns;
    private final List<Pattern> compiled;

    public ExcludedNames(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = this.patterns.stream().map(ExcludedNames::glob).toList();
    }

    public static ExcludedNames none() {
        return new ExcludedNames(List.of());
    }

    /** The first pattern that matches the bucket's name. */
    public Optional<String> patternMatching(String bucket) {
        for (int i = 0; i < compiled.size(); i++) {
            if (compiled.get(i).matcher(bucket).matches()) {
                return Optional.of(patterns.get(i));
            }
        }
        return Optional.empty();
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(pattern.chars().mapToObj(c -> switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(String.valueOf((char) c));
        }).collect(Collectors.joining()));
    }
}
