#include "call.h"

Call::Call(int id,
           Direction direction,
           const QString &remoteUri,
           const QString &remoteName,
           QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_direction(direction)
    , m_remoteUri(remoteUri)
    , m_remoteName(remoteName)
{
    // An incoming call exists because it rings: the user agent sends 180 as it hands it over.
    if (direction == Direction::Incoming)
        m_status.state = State::Ringing;
}

QString Call::stateName(State state)
{
    switch (state) {
    case State::Calling:
        return QStringLiteral("calling");
    case State::Ringing:
        return QStringLiteral("ringing");
    case State::Connected:
        return QStringLiteral("connected");
    case State::Terminating:
        return QStringLiteral("terminating");
    case State::Terminated:
        return QStringLiteral("terminated");
    }
    return {};
}

QString Call::endReasonName(EndReason reason)
{
    switch (reason) {
    case EndReason::None:
        return {};
    case EndReason::Cancelled:
        return QStringLiteral("cancelled");
    case EndReason::Busy:
        return QStringLiteral("busy");
    case EndReason::Rejected:
        return QStringLiteral("rejected");
    case EndReason::Redirected:
        return QStringLiteral("redirected");
    case EndReason::Failed:
        return QStringLiteral("failed");
    case EndReason::LocalHangup:
        return QStringLiteral("hangup");
    case EndReason::RemoteHangup:
        return QStringLiteral("remote-hangup");
    case EndReason::Declined:
        return QStringLiteral("declined");
    case EndReason::NoAnswer:
        return QStringLiteral("no-answer");
    case EndReason::Transferred:
        return QStringLiteral("transferred");
    }
    return {};
}

void Call::applyStatus(const Status &status)
{
    if (m_status.state == State::Terminated)
        return; // final
    const bool stateChange = status.state != m_status.state;
    const bool statusChange = status.statusCode != m_status.statusCode
                              || status.reasonPhrase != m_status.reasonPhrase;
    const bool holdChange
            = status.held != m_status.held || status.remoteHeld != m_status.remoteHeld;
    const bool otherChange = status.transfer != m_status.transfer
                             || status.transferStatusCode != m_status.transferStatusCode
                             || status.receivedDigits != m_status.receivedDigits
                             || status.earlyMedia != m_status.earlyMedia
                             || status.encrypted != m_status.encrypted;
    m_status = status;
    if (statusChange)
        Q_EMIT statusChanged(m_status.statusCode, m_status.reasonPhrase);
    if (holdChange)
        Q_EMIT holdChanged(m_status.held, m_status.remoteHeld);
    if (stateChange)
        Q_EMIT stateChanged(m_status.state);
    if (stateChange || statusChange || holdChange || otherChange)
        Q_EMIT changed();
}

void Call::hangup()
{
    if (m_status.state == State::Terminated || m_status.state == State::Terminating)
        return;
    if (m_commands.hangup)
        m_commands.hangup();
}

void Call::answer()
{
    if (m_direction == Direction::Incoming && m_status.state == State::Ringing && m_commands.answer)
        m_commands.answer();
}

void Call::decline()
{
    if (m_direction == Direction::Incoming && m_status.state == State::Ringing
        && m_commands.decline)
        m_commands.decline();
}

void Call::hold()
{
    if (m_status.state == State::Connected && m_commands.hold)
        m_commands.hold(true);
}

void Call::resume()
{
    if (m_status.state == State::Connected && m_commands.hold)
        m_commands.hold(false);
}

void Call::transfer(const QString &uri)
{
    if (m_status.state == State::Connected && m_commands.transfer)
        m_commands.transfer(uri);
}

void Call::transferToCall(Call *other)
{
    if (other && other != this && m_status.state == State::Connected
        && other->state() == State::Connected && m_commands.transferToCall)
        m_commands.transferToCall(other->id());
}

void Call::requestMediaStatistics()
{
    if (m_commands.mediaStatistics)
        m_commands.mediaStatistics();
    else
        Q_EMIT mediaStatisticsReady(MediaStatistics{});
}

void Call::sendDtmf(const QString &digits)
{
    if (m_status.state == State::Connected && m_commands.dtmf)
        m_commands.dtmf(digits);
}
