package io.rcsgw.gateway.config;

import io.rcsgw.rules.sms.Concatenation;
import io.rcsgw.rules.sms.DefaultCoding;
import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.smpp.BindMode;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.SubmitPolicy;
import io.rcsgw.smpp.TlsSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.rcsgw.gateway.config.ConfigValidator.positive;
import static io.rcsgw.gateway.config.ConfigValidator.range;

/** What an SMSC link's keys mean for the link, checked; {@code key} names the link in errors ({@code smsc[0]}). */
public final class LinkSettings {

    private LinkSettings() {
    }

    /** How long a receipt may take on a link that sets no validity: the SMSC's usual two days, and the margin. */
    public static Duration defaultReceiptTimeout() {
        return ConfigDefaults.DEFAULT_VALIDITY.plus(ConfigDefaults.RECEIPT_MARGIN);
    }

    /** The SMS settings of link {@code s}, checked; {@code key} names it in errors (smsc[0]). */
    public static SmsSettings smsSettings(String key, GatewayConfig.Smsc s) {
        Concatenation c = switch (s.concatenation()) {
            case "udh8" -> Concatenation.UDH_8BIT;
            case "udh16" -> Concatenation.UDH_16BIT;
            case "sar" -> Concatenation.SAR;
            case "payload" -> Concatenation.MESSAGE_PAYLOAD;
            default -> throw new ConfigException(key + ".concatenation: one of udh8, udh16, sar, payload");
        };
        DefaultCoding d = switch (s.defaultCoding()) {
            case "gsm" -> DefaultCoding.GSM_UNPACKED;
            case "gsm-packed" -> DefaultCoding.GSM_PACKED;
            case "latin1" -> DefaultCoding.LATIN1;
            default -> throw new ConfigException(key + ".defaultCoding: one of gsm, gsm-packed, latin1");
        };
        Set<NationalLanguage> languages = languages(key + ".nationalLanguages", s.nationalLanguages());
        if (d == DefaultCoding.LATIN1 && !languages.isEmpty()) {
            throw new ConfigException(key + ".nationalLanguages: national tables need defaultCoding gsm or gsm-packed");
        }
        range(key + ".maxSegments", s.maxSegments(), 1, 255);
        range(key + ".priority", s.priority(), 0, 3);
        range(key + ".shortCodeTon", s.shortCodeTon(), 0, 6);
        if (!Set.of(0, 1, 3, 4, 6, 8, 9, 10, 14, 18).contains(s.shortCodeNpi())) {
            throw new ConfigException(key + ".shortCodeNpi: one of the SMPP 3.4 NPI values 0, 1, 3, 4, 6, 8, 9, 10, 14, 18");
        }
        if (s.validityPeriod() != null && (s.validityPeriod().isNegative() || s.validityPeriod().isZero()
                || s.validityPeriod().compareTo(Duration.ofDays(63)) > 0)) {
            throw new ConfigException(key + ".validityPeriod: a positive duration of at most 63d");
        }
        positive(key + ".moReassemblyTimeout", s.moReassemblyTimeout());
        return new SmsSettings(c, d, languages, s.maxSegments(), s.validityPeriod(), s.priority(), s.shortCodeTon(),
                s.shortCodeNpi(), s.moReassemblyTimeout());
    }

    public static BindMode bindMode(String key, GatewayConfig.Smsc s) {
        return switch (s.bindMode()) {
            case "trx" -> BindMode.TRX;
            case "tx-rx" -> BindMode.TX_RX;
            default -> throw new ConfigException(key + ".bindMode: trx or tx-rx");
        };
    }

    /** The TLS settings of link {@code s}, null when it is plain TCP. */
    public static TlsSettings tls(String key, GatewayConfig.Smsc s) {
        if (!s.tls()) {
            if (s.tlsTrustStore() != null) {
                throw new ConfigException(key + ".tlsTrustStore: set only with tls: true");
            }
            return null;
        }
        Path trust = null;
        if (s.tlsTrustStore() != null && !s.tlsTrustStore().isBlank()) {
            trust = Path.of(s.tlsTrustStore());
            if (!Files.isReadable(trust)) {
                throw new ConfigException(key + ".tlsTrustStore: cannot read " + trust);
            }
        }
        return new TlsSettings(trust, s.tlsTrustStorePassword(), s.tlsVerifyHostname());
    }

    /** How link {@code s} treats errors, throttling and timeouts, checked. */
    public static SubmitPolicy submitPolicy(String key, GatewayConfig.Smsc s) {
        range(key + ".maxTps", s.maxTps(), 0, 100_000);
        for (String list : new String[]{"throttlingStatuses", "retryableStatuses"}) {
            for (Integer st : list.equals("throttlingStatuses") ? s.throttlingStatuses() : s.retryableStatuses()) {
                if (st == null || st <= 0 || st > 0xFFFF) {
                    throw new ConfigException(key + "." + list + ": command_status values such as 0x58");
                }
            }
        }
        boolean retry = switch (s.onTimeout()) {
            case "retry" -> true;
            case "fail" -> false;
            default -> throw new ConfigException(key + ".onTimeout: retry or fail");
        };
        return new SubmitPolicy(s.maxTps(), Set.copyOf(s.throttlingStatuses()), Set.copyOf(s.retryableStatuses()), retry);
    }

    /** The national language tables named, checked. */
    public static Set<NationalLanguage> languages(String key, List<String> names) {
        Set<NationalLanguage> out = EnumSet.noneOf(NationalLanguage.class);
        for (String n : names) {
            try {
                out.add(NationalLanguage.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ConfigException(key + ": '" + n + "' is not one of turkish, spanish, portuguese");
            }
        }
        return out;
    }

}
