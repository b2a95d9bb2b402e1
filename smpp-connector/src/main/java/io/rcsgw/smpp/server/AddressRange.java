package io.rcsgw.smpp.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 range in CIDR form ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is one host). */
public record AddressRange(byte[] network, int prefix) {

    public static AddressRange parse(String cidr) {
        String[] p = cidr.trim().split("/", 2);
        try {
            if (!p[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException(cidr + ": not an IP address (no host names)");
            }
            byte[] addr = InetAddress.getByName(p[0]).getAddress();
            int prefix = p.length == 2 ? Integer.parseInt(p[1]) : addr.length * 8;
            if (prefix < 0 || prefix > addr.length * 8) {
                throw new IllegalArgumentException(cidr + ": prefix out of range");
            }
            return new AddressRange(addr, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException(cidr + ": not an address range such as 10.0.0.0/8", e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int bits = prefix;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((a[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
