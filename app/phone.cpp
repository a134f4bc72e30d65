#include "phone.h"

#include "call.h"
#include "qtlogsink.h"

#include "sipcore/session/useragent.h"

#include <QCoreApplication>
#include <QPointer>

namespace {

// Call::EndReason mirrors Session::EndReason value for value, so a cast converts them.
using CoreReason = sipcore::Session::EndReason;
static_assert(int(Call::EndReason::None) == int(CoreReason::None));
static_assert(int(Call::EndReason::Cancelled) == int(CoreReason::Cancelled));
static_assert(int(Call::EndReason::Busy) == int(CoreReason::Busy));
static_assert(int(Call::EndReason::Rejected) == int(CoreReason::Rejected));
static_assert(int(Call::EndReason::Redirected) == int(CoreReason::Redirected));
static_assert(int(Call::EndReason::Failed) == int(CoreReason::Failed));
static_assert(int(Call::EndReason::LocalHangup) == int(CoreReason::LocalHangup));
static_assert(int(Call::EndReason::RemoteHangup) == int(CoreReason::RemoteHangup));
static_assert(int(Call::EndReason::Declined) == int(CoreReason::Declined));
static_assert(int(Call::EndReason::NoAnswer) == int(CoreReason::NoAnswer));

/// The session's state as the call's: an incoming call rings until its ACK has come (the 2xx
/// and its ACK are a round trip apart), an outgoing one calls until a 180 or 183 came.
Call::Status toCallStatus(const sipcore::Session::Status &status, Call::Direction direction)
{
    using S = sipcore::Session::State;
    Call::Status out;
    switch (status.state) {
    case S::Initial:
    case S::Establishing:
        out.state = status.ringing || direction == Call::Direction::Incoming ? Call::State::Ringing
                                                                             : Call::State::Calling;
        break;
    case S::Established:
        out.state = Call::State::Connected;
        break;
    case S::Terminating:
        out.state = Call::State::Terminating;
        break;
    case S::Terminated:
        out.state = Call::State::Terminated;
        break;
    }
    out.statusCode = status.statusCode;
    out.reasonPhrase = QString::fromStdString(status.reasonPhrase);
    out.endReason = static_cast<Call::EndReason>(status.endReason); // same order, see above
    return out;
}

} // namespace

Phone::Phone(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    sipcore::UserAgentOptions ua;
    ua.transport.host = options.listenHost.toStdString();
    ua.transport.port = options.listenPort;
    ua.tlsSettings.caFile = options.tlsCaFile.toStdString();
    ua.tlsSettings.certificateFile = options.tlsCertificate.toStdString();
    ua.tlsSettings.privateKeyFile = options.tlsPrivateKey.toStdString();
    ua.core.displayName = options.displayName.toStdString();
    ua.core.userAgent = "Ringback/" + QCoreApplication::applicationVersion().toStdString();
    ua.core.timers.t1 = sipcore::Duration(options.t1Milliseconds);
    ua.core.loggerFactory
            = sipcore::LoggerFactory(std::make_shared<QtLogSink>(), QtLogSink::threshold());
    ua.noAnswerTimeout = std::chrono::seconds(options.noAnswerSeconds);
    m_userAgent = std::make_unique<sipcore::UserAgent>(std::move(ua));
    m_userAgent->setIncomingCallHandler(
            [this](const std::shared_ptr<sipcore::Invitation> &invitation) {
                receiveCall(invitation);
            });
}

void Phone::receiveCall(const std::shared_ptr<sipcore::Invitation> &invitation)
{
    // Core thread. The id is taken here so the listener can name the call; the Call itself is
    // made on the GUI thread by the first queued invocation, before any status reaches it.
    const int id = m_nextCallId.fetch_add(1);
    const sipcore::NameAddr &caller = invitation->remoteIdentity();
    const QString uri = QString::fromStdString(caller.uri.toString());
    const QString name = QString::fromStdString(caller.displayName);
    invitation->setListener([this, id](const sipcore::Session::Status &status) {
        const Call::Status copy = toCallStatus(status, Call::Direction::Incoming);
        QMetaObject::invokeMethod(
                this,
                [this, id, copy] {
                    if (Call *call = findCall(id))
                        call->applyStatus(copy);
                },
                Qt::QueuedConnection);
    });
    QMetaObject::invokeMethod(
            this,
            [this, id, uri, name, invitation] {
                auto *call = new Call(id, Call::Direction::Incoming, uri, name, this);
                call->setCommands({.hangup = [invitation] { invitation->hangup(); },
                                   .answer = [invitation] { invitation->accept(); },
                                   .decline =
                                           [invitation] {
                                               invitation->reject();
                                           }});
                m_calls.append(call);
                Q_EMIT callAdded(call);
                Q_EMIT incomingCall(call);
            },
            Qt::QueuedConnection);
}

Phone::~Phone()
{
    m_userAgent->stop(); // no core callback runs after this
}

void Phone::start()
{
    m_userAgent->start([this](std::error_code error, std::string text) {
        // Core thread: copy the values and queue them onto the GUI thread.
        const QString address = error ? QString() : QString::fromStdString(text);
        const QString message = error ? QString::fromStdString(text) : QString();
        QMetaObject::invokeMethod(
                this,
                [this, address, message] {
                    if (!message.isEmpty()) {
                        Q_EMIT startFailed(message);
                        return;
                    }
                    m_sipAddress = address;
                    Q_EMIT readyChanged();
                    Q_EMIT started(address);
                },
                Qt::QueuedConnection);
    });
}

QString Phone::normalizeAddress(const QString &input, QString *error)
{
    QString text = input.trimmed();
    if (text.isEmpty()) {
        if (error)
            *error = tr("Type a SIP address such as sip:alice@example.com.");
        return {};
    }
    const int colon = text.indexOf(QLatin1Char(':'));
    const QString scheme = colon > 0 ? text.left(colon).toLower() : QString();
    if (scheme != QLatin1String("sip") && scheme != QLatin1String("sips")) {
        // "alice@host", "host" or "host:port" (a bare IPv6 literal needs brackets).
        if (colon > 0 && !text.contains(QLatin1Char('@')) && !text.contains(QLatin1Char('.'))
            && text.count(QLatin1Char(':')) == 1 && !text.mid(colon + 1).toUInt()) {
            if (error)
                *error = tr("Ringback can call sip: and sips: addresses, not %1:.").arg(scheme);
            return {};
        }
        text.prepend(QLatin1String("sip:"));
    }
    auto uri = sipcore::Uri::parse(text.toStdString());
    if (!uri) {
        if (error)
            *error = tr("\"%1\" is not a SIP address: %2. Check the host name and port.")
                             .arg(input.trimmed(), QString::fromStdString(uri.error().message()));
        return {};
    }
    return QString::fromStdString(uri->toString());
}

Call *Phone::dial(const QString &address, QString *error)
{
    const QString normalized = normalizeAddress(address, error);
    if (normalized.isEmpty())
        return nullptr;
    if (!isReady()) {
        if (error)
            *error = tr("The phone is not listening yet; try again in a moment.");
        return nullptr;
    }
    auto uri = sipcore::Uri::parse(normalized.toStdString());
    const int id = m_nextCallId.fetch_add(1);

    auto *call = new Call(id, Call::Direction::Outgoing, normalized, {}, this);
    // The listener runs on the core thread; the QPointer is only dereferenced on the GUI
    // thread, after the queued hop, so a call deleted meanwhile is skipped.
    QPointer<Call> guard(call);
    auto inviter
            = m_userAgent->makeInviter(*uri, [this, guard](const sipcore::Session::Status &status) {
                  const Call::Status copy = toCallStatus(status, Call::Direction::Outgoing);
                  QMetaObject::invokeMethod(
                          this,
                          [guard, copy] {
                              if (guard)
                                  guard->applyStatus(copy);
                          },
                          Qt::QueuedConnection);
              });
    call->setCommands({.hangup = [inviter] {
        inviter->hangup();
    }});
    m_calls.append(call);
    inviter->invite();
    Q_EMIT callAdded(call);
    return call;
}

Call *Phone::findCall(int id) const
{
    for (Call *call : m_calls) {
        if (call->id() == id)
            return call;
    }
    return nullptr;
}
