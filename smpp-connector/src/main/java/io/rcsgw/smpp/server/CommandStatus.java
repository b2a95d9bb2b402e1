package io.rcsgw.smpp.server;

/** The SMPP 3.4 command_status values the server answers with (and one of SMPP 5.0). */
public final class CommandStatus {

    public static final int ESME_ROK = 0x00;
    public static final int ESME_RINVMSGLEN = 0x01;
    public static final int ESME_RINVCMDID = 0x03;
    public static final int ESME_RINVBNDSTS = 0x04;
    public static final int ESME_RALYBND = 0x05;
    public static final int ESME_RSYSERR = 0x08;
    public static final int ESME_RINVSRCADR = 0x0A;
    public static final int ESME_RINVDSTADR = 0x0B;
    public static final int ESME_RINVMSGID = 0x0C;
    public static final int ESME_RBINDFAIL = 0x0D;
    public static final int ESME_RINVPASWD = 0x0E;
    public static final int ESME_RINVSYSID = 0x0F;
    public static final int ESME_RCANCELFAIL = 0x11;
    public static final int ESME_RREPLACEFAIL = 0x13;
    public static final int ESME_RINVESMCLASS = 0x43;
    public static final int ESME_RSUBMITFAIL = 0x45;
    public static final int ESME_RINVSRCTON = 0x48;
    public static final int ESME_RINVDSTTON = 0x50;
    public static final int ESME_RTHROTTLED = 0x58;
    public static final int ESME_RQUERYFAIL = 0x67;
    /** SMPP 5.0's ESME_RINVDCS: a data_coding the gateway cannot carry as text. */
    public static final int ESME_RINVDCS = 0x104;

    private CommandStatus() {
    }
}
