package dev.mpujanitor.trigger;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM role, as the loop guard compares two: by partition, account and name. A role's name is unique in its
 * account whatever its path, and the ARN of a session of the role (what STS GetCallerIdentity returns) has no path,
 * so the path is left out.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
public record IamRole(String partition, String account, String name) {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:[^/]+/)*([^/]+)");
    private static final Pattern SESSION_ARN = Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/[^/]+");

    /** The role of an IAM role ARN, {@code arn:aws:iam::123456789012:role/path/name}, such as a CloudTrail record's session issuer. */
    public static Optional<IamRole> ofRoleArn(String arn) {
        return parse(ROLE_ARN, arn);
    }

    /** The role of a role session's ARN, {@code arn:aws:sts::123456789012:assumed-role/name/session}; empty for a user or the root. */
    public static Optional<IamRole> ofSessionArn(String arn) {
        return parse(SESSION_ARN, arn);
    }

    private static Optional<IamRole> parse(Pattern pattern, String arn) {
        Matcher matcher = pattern.matcher(arn == null ? "" : arn);
        return matcher.matches() ? Optional.of(new IamRole(matcher.group(1), matcher.group(2), matcher.group(3))) : Optional.empty();
    }
}
