package dev.mpujanitor.aws;

import dev.mpujanitor.config.AccountSettings;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.AccountAccess;
import dev.mpujanitor.run.S3Account;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Into each account: the run's own with its own credentials, any other by STS AssumeRole into its member role, with
 * the SDK's provider that renews the credentials by itself before they expire. The role is assumed once, when the
 * account is opened, so that a refusal fails that account alone and before any of its buckets is called.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
public final class AwsAccountAccess implements AccountAccess, AutoCloseable {

    /** The IAM action AssumeRole needs, on the member role of every account. */
    static final String IAM_ACTION = "sts:AssumeRole";
    /** CloudTrail and the member accounts see this as the session's name. */
    static final String SESSION_NAME = "mpu-janitor";

    private final AwsClients clients;
    private final StsClient sts;
    private final String partition;
    private final AccountSettings settings;
    private final boolean directoryBuckets;

    /**
     * @param partition        the partition of the run's own account ({@code aws}, {@code aws-cn}, ...), for the roles' ARNs
     * @param directoryBuckets whether each account's directory buckets are listed too
     */
    public AwsAccountAccess(AwsClients clients, String partition, AccountSettings settings, boolean directoryBuckets) {
        this.clients = clients;
        this.sts = clients.sts();
        this.partition = partition;
        this.settings = settings;
        this.directoryBuckets = directoryBuckets;
    }

    @Override
    public S3Account open(AccountRef account) {
        if (account.own()) {
            // The own account's clients live as long as the application; closing its view of them closes nothing.
            return new S3BucketStore(clients, account.id(), directoryBuckets);
        }
        String roleArn = "arn:" + partition + ":iam::" + account.label() + ":role/" + settings.memberRole();
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME).externalId(settings.externalId().orElse(null)))
                .build();
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            credentials.close();
            throw new AccountAccessException(SdkErrors.code(e), "could not assume " + roleArn + ": " + e.getMessage(), e);
        }
        S3ClientsByRegion s3 = clients.forCredentials(credentials);
        // Built now, where the account is opened: the run opens the next account while it lists this one.
        s3.s3(s3.homeRegion().id());
        return new S3BucketStore(s3, account.id(), directoryBuckets, () -> {
            s3.close();
            credentials.close();
        });
    }

    /** Closes the STS client; the accounts opened are closed by the run. */
    @Override
    public void close() {
        sts.close();
    }
}
