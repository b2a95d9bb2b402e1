package io.rcsgw.rules.sms;

/** What SMPP data_coding 0x00 ("SMSC default alphabet") means at a given SMSC. */
public enum DefaultCoding {
    /** GSM 7-bit, one septet per octet: what most SMSCs expect over SMPP. */
    GSM_UNPACKED,
    /** GSM 7-bit packed eight septets to seven octets, as on the air interface. */
    GSM_PACKED,
    /** ISO-8859-1; the SMSC converts to GSM itself, so only text in both sets can use it. */
    LATIN1
}
