package dev.mpujanitor.aws;

import dev.mpujanitor.trigger.IamRole;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Finds the account whose buckets we may touch, which every bucket-level call then names as the expected owner. */
public final class AccountLookup {

    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\\d{12}):function:.+");

    private AccountLookup() {
    }

    /** The account in a Lambda function ARN, such as the context's invoked function ARN. */
    public static Optional<String> fromFunctionArn(String functionArn) {
        if (functionArn == null) {
            return Optional.empty();
        }
        Matcher matcher = FUNCTION_ARN.matcher(functionArn);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The caller's account and partition from STS GetCallerIdentity, which needs no IAM permission. */
    public static Caller fromSts(AwsClients clients) {
        try (StsClient sts = clients.sts()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            return new Caller(identity.account(), identity.arn().split(":")[1]);
        } catch (SdkException e) {
            throw new AccountUnknownException(e);
        }
    }

    /**
     * The role whose session these credentials are, from STS GetCallerIdentity; empty for a user's credentials, or
     * when STS does not answer.
     */
    public static Optional<IamRole> ownRole(AwsClients clients) {
        try (StsClient sts = clients.sts()) {
            return IamRole.ofSessionArn(sts.getCallerIdentity().arn());
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    /** The partition of a function's ARN ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public static String partitionOf(String functionArn) {
        return functionArn == null || !functionArn.startsWith("arn:") ? "aws" : functionArn.split(":")[1];
    }

    /** Whose credentials these are: an account, in a partition. */
    public record Caller(String account, String partition) {
    }

    /** STS could not tell who we are; the scan must not start without an expected owner. */
    public static final class AccountUnknownException extends RuntimeException {
        AccountUnknownException(Throwable cause) {
            super("could not find the account with STS GetCallerIdentity: " + cause.getMessage(), cause);
        }
    }
}
