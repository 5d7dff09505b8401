package dev.mpujanitor.trigger;

import dev.mpujanitor.config.Untrusted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What an invocation's payload asks for, validated before any AWS call, all routed here: the schedule's event (or an
 * empty payload) runs a whole scan; S3's or S3 Express's CloudTrail event of a bucket's creation or lifecycle change
 * (or of a directory bucket's policy change) runs that bucket;
 * a manual payload runs with its overrides; a continuation, sent by a run that ran out of time, resumes where it
 * stopped. Anything else is refused.
 */
public sealed interface Invocation {

    /** A run continues at most this many times, so a chain always ends: 1 + 8 runs of up to 15 minutes. */
    int MAX_CHAIN = 8;

    /** A whole scan, from the first bucket. */
    record Scan() implements Invocation {
    }

    /**
     * A run started by hand, with overrides for this run only.
     *
     * @param dryRun  overrides DRY_RUN
     * @param buckets only these buckets; empty for all of them
     */
    record Manual(Optional<Boolean> dryRun, List<String> buckets) implements Invocation {
        public Manual {
            buckets = List.copyOf(buckets);
            for (String bucket : buckets) {
                if (!BUCKET_NAME.matcher(bucket).matches()) {
                    throw new InvalidInvocationException(BUCKETS, Untrusted.quoted(bucket) + " is not a bucket name (3-63 of a-z 0-9 . -)");
                }
            }
            if (new HashSet<>(buckets).size() != buckets.size()) {
                throw new InvalidInvocationException(BUCKETS, "a bucket is named twice");
            }
        }
    }

    /**
     * A change to one bucket that CloudTrail recorded and EventBridge delivered: the bucket was created, or its
     * lifecycle configuration replaced or deleted, any of which may leave it without the rule; or, for a directory
     * bucket, its policy replaced or deleted, which decides whether S3 Lifecycle may act on it at all.
     *
     * @param source       who recorded the call: S3 for a general purpose bucket, S3 Express for a directory bucket
     * @param account      the account the call was made in (the event's)
     * @param eventName    one of {@code source}'s {@link Source#eventNames()}
     * @param principalArn who made the call, when CloudTrail names one ({@code userIdentity.arn})
     * @param sessionIssuerArn the role whose session made the call ({@code userIdentity.sessionContext.sessionIssuer.arn});
     *                     empty for a call by a user or the root
     * @param eventTime    when the call was made
     * @param awsRegion    where the call was made: not always the bucket's region (a CreateBucket sent to the
     *                     global endpoint is made in us-east-1 whatever its LocationConstraint), so the run finds
     *                     the bucket's region as a scan does
     * @param errorCode    present when the call failed, and so changed nothing
     */
    record BucketChanged(String bucket, Source source, String account, String eventName, Optional<String> principalArn,
            Optional<String> sessionIssuerArn, Instant eventTime, String awsRegion, Optional<String> errorCode) implements Invocation {

        /** A directory bucket's name ends so; a general purpose bucket's may not. */
        private static final String DIRECTORY_BUCKET_SUFFIX = "--x-s3";

        /**
         * The services whose CloudTrail events of a bucket the function takes, each under its EventBridge source and
         * CloudTrail eventSource, with the calls it acts on.
         */
        public enum Source {
            /**
             * General purpose buckets. PutBucketLifecycle is CloudTrail's name for PutBucketLifecycleConfiguration.
             * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
             */
            S3("S3", "aws.s3", "s3.amazonaws.com", Set.of("CreateBucket", "PutBucketLifecycle", "DeleteBucketLifecycle")),
            /**
             * Directory buckets (S3 Express One Zone), whose bucket-level calls CloudTrail records as management events
             * of s3express.amazonaws.com, among them CreateBucket, PutBucketPolicy and DeleteBucketPolicy
             * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-one-zone-logging.html). The lifecycle
             * calls are not in that list: they are taken under their API names (docs/verified.md). The policy decides
             * whether S3 Lifecycle may act on the bucket, so its change has the bucket checked again.
             */
            S3_EXPRESS("S3 Express", "aws.s3express", "s3express.amazonaws.com",
                    Set.of("CreateBucket", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle", "PutBucketPolicy", "DeleteBucketPolicy"));

            private final String label;
            private final String eventBridgeSource;
            private final String eventSource;
            private final Set<String> eventNames;

            Source(String label, String eventBridgeSource, String eventSource, Set<String> eventNames) {
                this.label = label;
                this.eventBridgeSource = eventBridgeSource;
                this.eventSource = eventSource;
                this.eventNames = eventNames;
            }

            /** The service, as a message names it. */
            public String label() {
                return label;
            }

            /** The record's {@code detail.eventSource}, as CloudTrail sets it. */
            public String eventSource() {
                return eventSource;
            }

            /** The calls of this service the function acts on, by CloudTrail's {@code eventName}. */
            public Set<String> eventNames() {
                return eventNames;
            }

            /** Whether the service's buckets are directory buckets. */
            public boolean directoryBuckets() {
                return this == S3_EXPRESS;
            }

            /** The service EventBridge names {@code source}, if the function takes its events. */
            public static Optional<Source> ofEventBridgeSource(String source) {
                return Arrays.stream(values()).filter(known -> known.eventBridgeSource.equals(source)).findFirst();
            }
        }

        public BucketChanged {
            if (bucket == null || !BUCKET_NAME.matcher(bucket).matches()) {
                throw new InvalidInvocationException("the event's requestParameters.bucketName must be a bucket name, was " + Untrusted.quoted(bucket));
            }
            if (!source.eventNames().contains(eventName)) {
                throw new InvalidInvocationException("an " + source.label() + " event " + Untrusted.quoted(eventName)
                        + " is not one this function acts on; it takes " + new TreeSet<>(source.eventNames()));
            }
            // The adapter sends a call to a directory bucket's endpoints by the name alone: an S3 Express event naming
            // another bucket would reach a general purpose bucket of that name.
            if (source.directoryBuckets() && !bucket.endsWith(DIRECTORY_BUCKET_SUFFIX)) {
                throw new InvalidInvocationException("an " + source.label() + " event must name a directory bucket, whose name ends in "
                        + DIRECTORY_BUCKET_SUFFIX + ", was " + Untrusted.quoted(bucket));
            }
        }

        /** Whether the bucket is a directory bucket (S3 Express One Zone), which DIRECTORY_BUCKETS covers. */
        public boolean directoryBucket() {
            return source.directoryBuckets();
        }

        /**
         * Why this event asks for nothing, known before any call, if it does not: the call failed and changed nothing,
         * or it was made in another account than the function's. The rule's pattern leaves these out already; this
         * holds should the pattern be changed.
         *
         * @param ownAccount the function's account, when known
         */
        public Optional<String> ignoredBecause(Optional<String> ownAccount) {
            if (errorCode.isPresent()) {
                return Optional.of("failed-call:" + errorCode.get());
            }
            if (ownAccount.filter(own -> !own.equals(account)).isPresent()) {
                return Optional.of("other-account");
            }
            return Optional.empty();
        }

        /**
         * Whether a session of the function's own role made the call: the function's own write, which would bring it
         * back to the bucket it has just fixed. Compared by the role that issued the session, never by the session's
         * name, which whoever assumes a role chooses.
         */
        public boolean madeBy(IamRole ownRole) {
            return sessionIssuerArn.flatMap(IamRole::ofRoleArn).filter(ownRole::equals).isPresent();
        }
    }

    /**
     * The rest of a scan that ran out of time.
     *
     * @param resumeFrom the first bucket name still to process; empty text when the run did not get to {@code account}
     * @param account    in a run over several accounts, the account {@code resumeFrom} is in
     * @param chain      how many runs came before this one in the chain, 1 for the first continuation
     */
    record Continuation(String resumeFrom, Optional<String> account, int chain) implements Invocation {
        public Continuation {
            boolean fromTheTop = resumeFrom != null && resumeFrom.isEmpty() && account.isPresent();
            if (!fromTheTop && (resumeFrom == null || resumeFrom.isBlank() || resumeFrom.length() > 255)) {
                throw new InvalidInvocationException("resumeFrom must be a bucket name, was " + Untrusted.quoted(resumeFrom));
            }
            if (account.filter(id -> !ACCOUNT_ID.matcher(id).matches()).isPresent()) {
                throw new InvalidInvocationException("account must be a 12-digit account ID, was " + Untrusted.quoted(account.get()));
            }
            if (chain < 1 || chain > MAX_CHAIN) {
                throw new InvalidInvocationException("chain must be between 1 and " + MAX_CHAIN + ", was " + chain);
            }
        }

        public Map<String, Object> payload() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put(RESUME_FROM, resumeFrom);
            account.ifPresent(id -> payload.put(ACCOUNT, id));
            payload.put(CHAIN, chain);
            return payload;
        }
    }

    String RESUME_FROM = "resumeFrom";
    String ACCOUNT = "account";
    Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    String CHAIN = "chain";
    String DRY_RUN = "dryRun";
    String BUCKETS = "buckets";
    Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");

    /** The chain position of this run: 0 for a whole scan. */
    default int chain() {
        return this instanceof Continuation continuation ? continuation.chain() : 0;
    }

    static Invocation fromPayload(Map<String, ?> payload) {
        if (payload == null || payload.isEmpty()) {
            return new Scan();
        }
        if (isEventBridgeEvent(payload)) {
            return EventBridgeEvents.invocation(payload);
        }
        if (!payload.containsKey(RESUME_FROM) && !payload.containsKey(CHAIN)) {
            return manual(payload);
        }
        Set<String> unknown = new TreeSet<>(payload.keySet());
        unknown.removeAll(Set.of(RESUME_FROM, ACCOUNT, CHAIN));
        if (!unknown.isEmpty()) {
            throw new InvalidInvocationException("unknown field(s) " + unknown + " in a continuation {\"resumeFrom\": ..., \"account\": ..., \"chain\": ...}");
        }
        Object resumeFrom = payload.get(RESUME_FROM);
        Object account = payload.get(ACCOUNT);
        Object chain = payload.get(CHAIN);
        if (account != null && !(account instanceof String)) {
            throw new InvalidInvocationException("account must be a 12-digit account ID, was " + Untrusted.quoted(account));
        }
        if (!(resumeFrom instanceof String name)) {
            throw new InvalidInvocationException("resumeFrom must be a bucket name, was " + Untrusted.quoted(resumeFrom));
        }
        if (!(chain instanceof Integer position)) {
            throw new InvalidInvocationException("chain must be a whole number, was " + Untrusted.quoted(chain));
        }
        return new Continuation(name, Optional.ofNullable((String) account), position);
    }

    private static Manual manual(Map<String, ?> payload) {
        Set<String> unknown = new TreeSet<>(payload.keySet());
        unknown.removeAll(Set.of(DRY_RUN, BUCKETS));
        if (!unknown.isEmpty()) {
            throw new InvalidInvocationException("unknown field(s) " + unknown + "; a manual run takes {\"dryRun\": true|false, \"buckets\": [\"name\", ...]}");
        }
        Object dryRun = payload.get(DRY_RUN);
        if (dryRun != null && !(dryRun instanceof Boolean)) {
            throw new InvalidInvocationException("dryRun must be true or false, was " + Untrusted.quoted(dryRun));
        }
        Object buckets = payload.get(BUCKETS);
        List<String> names = new ArrayList<>();
        if (buckets != null) {
            if (!(buckets instanceof List<?> list) || list.isEmpty()) {
                throw new InvalidInvocationException("buckets must be a non-empty list of bucket names, was " + Untrusted.quoted(buckets));
            }
            for (Object name : list) {
                if (!(name instanceof String text)) {
                    throw new InvalidInvocationException(BUCKETS, "each must be a bucket name, found " + Untrusted.quoted(name));
                }
                names.add(text);
            }
        }
        return new Manual(Optional.ofNullable((Boolean) dryRun), names);
    }

    /** Every EventBridge event carries these. */
    private static boolean isEventBridgeEvent(Map<String, ?> payload) {
        return payload.containsKey("detail-type") && payload.containsKey("source");
    }

    /** The payload cannot be run; the message says why, and nothing was called. */
    final class InvalidInvocationException extends RuntimeException {
        private final String problem;

        public InvalidInvocationException(String problem) {
            super("invalid invocation payload: " + problem);
            this.problem = problem;
        }

        /** What is wrong with one field of the payload, such as {@code buckets}. */
        public InvalidInvocationException(String field, String problem) {
            super("invalid invocation payload: " + field + ": " + problem);
            this.problem = problem;
        }

        /** What is wrong, without the message's preamble or the field's name. */
        public String problem() {
            return problem;
        }
    }
}
