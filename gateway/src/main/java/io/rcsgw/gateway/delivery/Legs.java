package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.lifecycle.RevokePurpose;

/** What the tracker has the legs do once a change is stored. */
interface Legs {

    /** Send it as SMS (its SMS_QUEUED entry records {@code f.smsReason}). */
    void sendSms(InFlight f);

    /** Ask the platform to revoke it; the answer comes back as an event. */
    void revoke(InFlight f, RevokePurpose purpose);

    /** Decide its channel (again): a deferred message whose window opened. */
    void decide(InFlight f);

    /** It ended: what a leg holds for it (a concatenation reference) is free again. */
    void ended(InFlight f);

    /**
     * The tracker is built before the legs that report to it, so it hands work to them through
     * this; the router binds itself here when it is built, before any message moves.
     */
    final class Handoff implements Legs {
        private volatile Legs target;

        void bind(Legs legs) {
            if (target != null) {
                throw new IllegalStateException("legs are bound already");
            }
            target = legs;
        }

        private Legs target() {
            Legs t = target;
            if (t == null) {
                throw new IllegalStateException("no legs bound yet");
            }
            return t;
        }

        @Override
        public void sendSms(InFlight f) {
            target().sendSms(f);
        }

        @Override
        public void revoke(InFlight f, RevokePurpose purpose) {
            target().revoke(f, purpose);
        }

        @Override
        public void decide(InFlight f) {
            target().decide(f);
        }

        @Override
        public void ended(InFlight f) {
            target().ended(f);
        }
    }
}
