package io.rcsgw.rules.rating;

/** How a plan prices RCS messages. */
public enum BillingModel {
    /** GSMA / Google business messaging: basic, single, A2P and P2A conversations. */
    BUSINESS_MESSAGING,
    /** The US model: rich text per 160-byte segment ({@code ceil(bytes / 160)}), rich media flat. */
    PER_SEGMENT
}
