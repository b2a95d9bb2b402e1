package io.rcsgw.rules.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageLifecycleTest {

    @Test
    void smsPath() {
        Transition t = MessageLifecycle.move(MessageState.ACCEPTED, MessageState.SMS_QUEUED, "channel:sms", 5);
        assertThat(t.to()).isEqualTo(MessageState.SMS_QUEUED);
        assertThat(MessageLifecycle.canMove(MessageState.SMS_QUEUED, MessageState.SMS_SUBMITTED)).isTrue();
        assertThat(MessageLifecycle.canMove(MessageState.SMS_SUBMITTED, MessageState.DELIVERED)).isTrue();
        assertThat(MessageLifecycle.canMove(MessageState.DELIVERED, MessageState.SMS_SUBMITTED)).isFalse();
    }

    @Test
    void finalStatesDoNotMoveBack() {
        assertThatThrownBy(() -> MessageLifecycle.move(MessageState.UNDELIVERABLE, MessageState.DELIVERED, "late", 1))
                .isInstanceOf(MessageLifecycle.IllegalTransitionException.class);
        assertThat(MessageState.DELIVERED.maapStatus()).isEqualTo("delivered");
        assertThat(MessageState.SMS_SUBMITTED.maapStatus()).isEqualTo("sent");
    }

    @Test
    void e164() {
        assertThat(Msisdn.isValid("+447700900123")).isTrue();
        assertThat(Msisdn.isValid("447700900123")).isFalse();
        assertThat(Msisdn.isValid("+0447700900123")).isFalse();
        assertThat(Msisdn.isValid("+4477009001231234")).isFalse();
        assertThat(Msisdn.isValid("+44 7700")).isFalse();
        assertThat(new Msisdn("+447700900123").masked()).isEqualTo("+44********23");
    }
}
