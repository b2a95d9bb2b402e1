package io.rcsgw.rules.rating;

/**
 * When an SMS leg is charged. An RCS leg is always charged only when delivered (a revoked or
 * failed attempt costs nothing); the SMS leg by the plan's choice.
 */
public enum SmsCharging {
    /** Each segment an SMSC accepted, whatever its receipt said: the operator carried it. */
    ACCEPTED,
    /** Only a message whose receipt said delivered (its accepted segments). */
    DELIVERED
}
