package dev.mpujanitor.aws;

import dev.mpujanitor.config.Settings;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every S3 operation the function calls, with the IAM action it needs. This is the one list of the
 * function's permissions: the template's policy is checked against it, and each call in
 * {@link S3BucketStore} names its entry here.
 */
public enum S3Operation {
    LIST_BUCKETS("ListBuckets", "s3:ListAllMyBuckets"),
    /** Only for a bucket that ListBuckets returned without BucketRegion. */
    GET_BUCKET_LOCATION("GetBucketLocation", "s3:GetBucketLocation"),
    GET_BUCKET_LIFECYCLE_CONFIGURATION("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
    /** Only for a bucket that needs the rule: lifecycle is not supported with MFA Delete. */
    GET_BUCKET_VERSIONING("GetBucketVersioning", "s3:GetBucketVersioning"),
    /** Only for a bucket that needs the rule: the opt-out tag, and the CloudFormation stack tag. */
    GET_BUCKET_TAGGING("GetBucketTagging", "s3:GetBucketTagging"),
    PUT_BUCKET_LIFECYCLE_CONFIGURATION("PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
    /** The upload inventory (INVENTORY_UPLOADS). */
    LIST_MULTIPART_UPLOADS("ListMultipartUploads", "s3:ListBucketMultipartUploads"),
    /** The bytes each upload holds (INVENTORY_UPLOADS). */
    LIST_PARTS("ListParts", "s3:ListMultipartUploadParts"),
    /** Only with ABORT_STALE_UPLOADS, and only then granted by the template. */
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", "s3:AbortMultipartUpload", Settings.ABORT_STALE_UPLOADS),
    /** Directory buckets, in every Region that has them ({@link DirectoryBucketRegions}). */
    LIST_DIRECTORY_BUCKETS("ListDirectoryBuckets", "s3express:ListAllMyDirectoryBuckets", Settings.DIRECTORY_BUCKETS),
    GET_DIRECTORY_BUCKET_LIFECYCLE_CONFIGURATION("GetBucketLifecycleConfiguration", "s3express:GetLifecycleConfiguration", Settings.DIRECTORY_BUCKETS),
    PUT_DIRECTORY_BUCKET_LIFECYCLE_CONFIGURATION("PutBucketLifecycleConfiguration", "s3express:PutLifecycleConfiguration", Settings.DIRECTORY_BUCKETS),
    /** Whether S3 Lifecycle is let in: it acts on a directory bucket through a session of its own, which the policy must allow. */
    GET_DIRECTORY_BUCKET_POLICY("GetBucketPolicy", "s3express:GetBucketPolicy", Settings.DIRECTORY_BUCKETS),
    /** Only for a directory bucket that needs the rule: the opt-out and stack tags, which S3 Control holds for directory buckets. */
    LIST_DIRECTORY_BUCKET_TAGS("ListTagsForResource", "s3express:ListTagsForResource", Settings.DIRECTORY_BUCKETS),
    /**
     * The session the SDK asks for before a directory bucket's Zonal calls (ListMultipartUploads, ListParts,
     * AbortMultipartUpload), which need no other action. The SDK asks for a ReadWrite session, which may abort: the
     * gate, not IAM, holds aborts to ABORT_STALE_UPLOADS there.
     */
    CREATE_SESSION("CreateSession", "s3express:CreateSession", Settings.DIRECTORY_BUCKETS);

    private final String operationName;
    private final String iamAction;
    private final Optional<String> onlyWithSetting;

    S3Operation(String operationName, String iamAction) {
        this(operationName, iamAction, null);
    }

    S3Operation(String operationName, String iamAction, String onlyWithSetting) {
        this.operationName = operationName;
        this.iamAction = iamAction;
        this.onlyWithSetting = Optional.ofNullable(onlyWithSetting);
    }

    public String operationName() {
        return operationName;
    }

    public String iamAction() {
        return iamAction;
    }

    /** The boolean setting that must be true for this operation to be called; empty when it is always called. */
    public Optional<String> onlyWithSetting() {
        return onlyWithSetting;
    }

    /**
     * The IAM actions the function needs whatever its settings, and no other. STS GetCallerIdentity needs no
     * permission.
     */
    public static Set<String> requiredIamActions() {
        return Arrays.stream(values()).filter(op -> op.onlyWithSetting.isEmpty()).map(S3Operation::iamAction)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The IAM actions needed only when {@code setting} is true. */
    public static Set<String> iamActionsOnlyWith(String setting) {
        return Arrays.stream(values()).filter(op -> op.onlyWithSetting.filter(setting::equals).isPresent())
                .map(S3Operation::iamAction).collect(Collectors.toUnmodifiableSet());
    }
}
