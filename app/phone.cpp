#include "phone.h"

#include "account.h"
#include "audiodevices.h"
#include "call.h"
#include "presencedocument.h"
#include "qtlogsink.h"

#include "sipcore/media/audiocodec.h"
#include "sipcore/media/echoservice.h"
#include "sipcore/media/mediaengine.h"
#include "sipcore/media/ringaudiosink.h"
#include "sipcore/media/ringaudiosource.h"
#include "sipcore/media/wavfile.h"
#include "sipcore/media/wavfilesink.h"
#include "sipcore/media/wavfilesource.h"
#include "sipcore/session/useragent.h"

#include <QCoreApplication>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>

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
static_assert(int(Call::EndReason::Transferred) == int(CoreReason::Transferred));

QString transferName(sipcore::Session::TransferState state)
{
    using T = sipcore::Session::TransferState;
    switch (state) {
    case T::None:
        return {};
    case T::Requested:
        return QStringLiteral("requested");
    case T::Accepted:
        return QStringLiteral("accepted");
    case T::Succeeded:
        return QStringLiteral("succeeded");
    case T::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

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
    out.held = status.held;
    out.remoteHeld = status.remoteHeld;
    out.transfer = transferName(status.transfer);
    out.transferStatusCode = status.transferStatusCode;
    out.receivedDigits = QString::fromStdString(status.receivedDigits);
    out.earlyMedia = status.earlyMedia;
    out.encrypted = status.encrypted;
    return out;
}

/// Call::Commands::transfer for \a session: the address is one normalizeAddress() gave.
std::function<void(const QString &)> transferCommand(std::shared_ptr<sipcore::Session> session)
{
    return [session = std::move(session)](const QString &uri) {
        if (auto parsed = sipcore::Uri::parse(uri.toStdString()))
            session->transfer(std::move(*parsed));
    };
}

std::function<void(const QString &)> dtmfCommand(std::shared_ptr<sipcore::Session> session)
{
    return [session = std::move(session)](const QString &digits) {
        session->sendDtmf(digits.toStdString());
    };
}

/// Call::Commands::mediaStatistics for \a session, which is \a call's: the figures come back
/// through \a phone's thread, to the call if it is still there.
std::function<void()>
statisticsCommand(std::shared_ptr<sipcore::Session> session, Phone *phone, int callId)
{
    return [session = std::move(session), phone, callId] {
        session->requestMediaStatistics([phone, callId](const sipcore::MediaStatistics &figures) {
            // Media thread: copy, then queue onto the phone's thread.
            const Call::MediaStatistics out{QString::fromStdString(figures.sendCodec),
                                            qint64(figures.packetsSent),
                                            qint64(figures.packetsReceived),
                                            qint64(figures.framesPlayed),
                                            qint64(figures.packetsLost),
                                            figures.jitterMs,
                                            qint64(figures.reportsReceived),
                                            figures.roundTripMs.value_or(-1),
                                            qint64(figures.remotePacketsLost.value_or(-1)),
                                            figures.mos,
                                            qint64(figures.digitEvents),
                                            qint64(figures.digitTones),
                                            QString::fromStdString(figures.srtpSuite),
                                            qint64(figures.packetsRejected),
                                            qint64(figures.reportsRejected)};
            QMetaObject::invokeMethod(
                    phone,
                    [phone, callId, out] {
                        if (Call *call = phone->findCall(callId))
                            Q_EMIT call->mediaStatisticsReady(out);
                    },
                    Qt::QueuedConnection);
        });
    };
}

/// The account's identity: From of its requests, To of its registrations.
sipcore::NameAddr identityOf(const AccountsFile::Account &account)
{
    return sipcore::NameAddr{account.displayName.toStdString(),
                             *sipcore::Uri::parseSip(account.aor.toStdString()),
                             {}};
}

/// The host[:port] of the account's AOR: where a bare user name is called.
QString domainOf(const AccountsFile::Account &account)
{
    const sipcore::Uri aor = *sipcore::Uri::parseSip(account.aor.toStdString());
    QString domain = QString::fromStdString(aor.host);
    if (aor.port)
        domain += QLatin1Char(':') + QString::number(*aor.port);
    return domain;
}

/// The account's server as a loose route (RFC 3261 §16.12.1.1).
sipcore::NameAddr routeOf(const AccountsFile::Account &account)
{
    sipcore::Uri server = *sipcore::Uri::parseSip(AccountsFile::serverUri(account).toStdString());
    server.parameters.set("lr");
    return sipcore::NameAddr{{}, std::move(server), {}};
}

/// Requests from \a account carry its identity and go through its server.
/// "off", "optional" or "required" (AccountsFile::srtpModes()) as the core's mode.
sipcore::sdp::SrtpMode toSrtpMode(const QString &mode)
{
    if (mode == QLatin1String("required"))
        return sipcore::sdp::SrtpMode::Required;
    if (mode == QLatin1String("optional"))
        return sipcore::sdp::SrtpMode::Optional;
    return sipcore::sdp::SrtpMode::Off;
}

void applyAccount(const AccountsFile::Account &account,
                  std::optional<sipcore::NameAddr> &from,
                  std::vector<sipcore::NameAddr> &routeSet)
{
    from = identityOf(account);
    routeSet.push_back(routeOf(account));
}

/// The registerer's status as the account's registration.
Account::Registration toRegistration(const sipcore::Registerer::Status &status)
{
    using S = sipcore::Registerer::State;
    using R = Account::RegistrationState;
    Account::Registration out;
    switch (status.state) {
    case S::Initial:
        out.state = status.waiting ? R::Registering : R::None;
        break;
    case S::Registered:
        out.state = R::Registered;
        break;
    case S::Failed:
        out.state = status.waiting ? R::Registering : R::Failed;
        break;
    case S::Unregistered:
    case S::Terminated:
        out.state = status.waiting ? R::Registering : R::Unregistered;
        break;
    }
    out.statusCode = status.statusCode;
    out.reasonPhrase = QString::fromStdString(status.reasonPhrase);
    out.expires = static_cast<int>(status.expires.count());
    out.retrySeconds = static_cast<int>((status.retryIn.count() + 999) / 1000);
    return out;
}

/// The media engine's audio for \a options: the files when given; \a error says what is
/// wrong with one that cannot be used.
/// The sound devices stand in for whichever of the two files is not given.
sipcore::media::MediaEngineOptions
makeMediaOptions(const Phone::Options &options, AudioDevices *devices, QString *error)
{
    using namespace sipcore::media;
    MediaEngineOptions media;
    devices->useForCalls(options.audioInFile.isEmpty(), options.audioOutFile.isEmpty());
    media.source = std::make_unique<RingAudioSource>(devices->captureRing(),
                                                     RingAudioSource::Layout::CapturedWithPlayed);
    media.sink = std::make_unique<RingAudioSink>(devices->playbackRing());
    // Media thread; the engine stops before the devices go (Phone's destructor).
    media.clockChanged = [devices](bool running) {
        QMetaObject::invokeMethod(
                devices, [devices, running] { devices->setStreaming(running); },
                Qt::QueuedConnection);
    };
    if (!options.audioInFile.isEmpty()) {
        auto audio = WavFile::read(options.audioInFile.toStdString());
        if (audio)
            media.source = std::make_unique<WavFileSource>(*audio, MediaEngine::SampleRate);
        else if (audio.error() == std::errc::invalid_argument)
            *error = Phone::tr("%1 is not a 16-bit PCM WAV file: convert it, for example with "
                               "\"sox in.wav -b 16 out.wav\", and give that to --audio-in.")
                             .arg(options.audioInFile);
        else
            *error = Phone::tr("Cannot read %1 for --audio-in: %2.")
                             .arg(options.audioInFile,
                                  QString::fromStdString(audio.error().message()));
    }
    if (!options.audioOutFile.isEmpty()) {
        auto sink = std::make_unique<WavFileSink>(options.audioOutFile.toStdString(),
                                                  MediaEngine::SampleRate);
        if (sink->isOpen())
            media.sink = std::move(sink);
        else
            *error = Phone::tr("Cannot write %1 for --audio-out: check the folder exists and "
                               "you may write to it.")
                             .arg(options.audioOutFile);
    }
    if (options.audioInFile.isEmpty())
        media.processing = {options.processing.echoCancellation,
                            options.processing.noiseSuppression, options.processing.gainControl};
    for (const QString &codec : options.codecs)
        media.codecs.push_back(codec.toStdString());
    switch (options.dtmf) {
    case Phone::DtmfMethod::Rfc4733:
        media.dtmf = sipcore::media::DtmfMethod::Rfc4733;
        break;
    case Phone::DtmfMethod::InBand:
        media.dtmf = sipcore::media::DtmfMethod::InBand;
        break;
    case Phone::DtmfMethod::Info:
        media.dtmf = sipcore::media::DtmfMethod::Info;
        break;
    }
    return media;
}

} // namespace

QStringList Phone::availableCodecs()
{
    QStringList names;
    for (const auto &format : sipcore::media::AudioCodec::supported())
        names.append(QString::fromStdString(format.encodingName));
    return names;
}

Phone::Phone(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_audio(new AudioDevices(sipcore::media::MediaEngine::SampleRate, this))
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
    for (const AccountsFile::Account &account : options.accounts) {
        if (account.password.isEmpty())
            continue;
        ua.credentials.push_back(sipcore::Credentials{
                .username = account.authUser.toStdString(),
                .password = account.password.toStdString(),
                .realm = account.realm.toStdString(),
                .identity = sipcore::Credentials::identityOf(identityOf(account).uri)});
    }
    m_media = std::make_unique<sipcore::media::MediaEngine>(
            makeMediaOptions(options, m_audio, &m_mediaError));
    ua.mediaEndpointFactory = m_media->endpointFactory();
    // The microphone's periods pace the media clock: a frame is sent as soon as it is whole.
    if (options.audioInFile.isEmpty())
        m_audio->setCaptureReadyHandler(m_media->sourceReadyHandler(),
                                        sipcore::media::MediaEngine::FrameSamples);
    // An incoming call follows the account whose Contact it was sent to (our Contact's user
    // is the account's), else the phone's own setting. Copies: the core thread calls it.
    ua.incomingSrtp = [accounts = options.accounts,
                       fallback = toSrtpMode(options.srtp)](const sipcore::Uri &target) {
        for (const AccountsFile::Account &account : accounts) {
            if (!account.srtp.isEmpty() && target.user == identityOf(account).uri.user)
                return toSrtpMode(account.srtp);
        }
        return fallback;
    };
    m_userAgent = std::make_unique<sipcore::UserAgent>(std::move(ua));
    makeAccounts();
    m_userAgent->setIncomingCallHandler(
            [this](const std::shared_ptr<sipcore::Invitation> &invitation) {
                receiveCall(invitation);
            });
    m_userAgent->setMessageHandler([this](const sipcore::InstantMessage &message) {
        const QString from = QString::fromStdString(message.from.uri.toString());
        const QString name = QString::fromStdString(message.from.displayName);
        const QString text = QString::fromStdString(message.body);
        const bool inCall = message.inDialog;
        QMetaObject::invokeMethod(
                this, [=, this] { Q_EMIT messageReceived(from, name, text, inCall); },
                Qt::QueuedConnection);
    });
    m_userAgent->setReferralHandler([this](const std::shared_ptr<sipcore::Session> &referrer,
                                           sipcore::Session::Referral referral) {
        sipcore::InviterOptions invite;
        invite.referrer = referrer;
        if (!referral.replaces.empty())
            invite.extraHeaders.push_back({"Replaces", std::move(referral.replaces)});
        if (!referral.referredBy.empty())
            invite.extraHeaders.push_back({"Referred-By", std::move(referral.referredBy)});
        for (auto &[name, value] : referral.headers)
            invite.extraHeaders.push_back({std::move(name), std::move(value)});
        receiveReferral(referrer, referral.target, std::move(invite));
    });
}

void Phone::makeAccounts()
{
    for (const AccountsFile::Account &config : std::as_const(m_options.accounts)) {
        auto *account = new Account(config.id, config.aor, this);
        sipcore::RegistererOptions options;
        options.aor = identityOf(config);
        options.expires = std::chrono::seconds(config.expires);
        if (config.outboundProxy.isEmpty()) {
            options.registrar
                    = *sipcore::Uri::parseSip(AccountsFile::serverUri(config).toStdString());
        } else {
            options.routeSet.push_back(routeOf(config));
        }
        // The listener runs on the core thread; the QPointer is only dereferenced on the GUI
        // thread, after the queued hop.
        QPointer<Account> guard(account);
        auto registerer = m_userAgent->makeRegisterer(
                std::move(options), [this, guard](const sipcore::Registerer::Status &status) {
                    const Account::Registration copy = toRegistration(status);
                    QMetaObject::invokeMethod(
                            this,
                            [guard, copy] {
                                if (guard)
                                    guard->applyRegistration(copy);
                            },
                            Qt::QueuedConnection);
                });
        account->setCommands({.registerAccount = [registerer] { registerer->registerContact(); },
                              .unregisterAccount =
                                      [registerer] {
                                          registerer->unregister();
                                      }});
        m_accounts.append(account);
        m_registerers.push_back(std::move(registerer));
    }
}

Account *Phone::findAccount(const QString &id) const
{
    for (Account *account : m_accounts) {
        if (account->id() == id)
            return account;
    }
    return nullptr;
}

void Phone::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    auto pending = std::make_shared<int>(0);
    const auto finished = [this] {
        if (m_shuttingDown) {
            m_shuttingDown = false;
            Q_EMIT shutDown();
        }
    };
    // One more to wait for; the callback it returns runs on the core thread once that is done
    // and counts down on the GUI thread.
    const auto awaitOne = [this, pending, finished] {
        ++*pending;
        return [this, pending, finished] {
            QMetaObject::invokeMethod(
                    this,
                    [pending, finished] {
                        if (--*pending == 0)
                            finished();
                    },
                    Qt::QueuedConnection);
        };
    };
    for (std::size_t i = 0; i < m_registerers.size(); ++i) {
        const auto state = m_accounts.at(static_cast<qsizetype>(i))->registrationState();
        if (state != Account::RegistrationState::None
            && state != Account::RegistrationState::Unregistered)
            m_registerers[i]->unregister(awaitOne());
    }
    // Watchers should not be left believing what we published, nor notifiers keep notifying.
    for (const auto &[account, publisher] : m_publishers)
        publisher->unpublish(awaitOne());
    for (auto &[id, entry] : m_subscribers) {
        if (entry.ended)
            continue;
        entry.unsubscribed = true;
        entry.subscriber->unsubscribe(awaitOne());
    }
    if (*pending == 0) {
        QMetaObject::invokeMethod(this, finished, Qt::QueuedConnection);
        return;
    }
    // An unreachable registrar answers nothing for 32 s: quitting does not wait that long.
    QTimer::singleShot(std::chrono::seconds(3), this, finished);
}

void Phone::receiveCall(const std::shared_ptr<sipcore::Invitation> &invitation)
{
    // Core thread. The id is taken here so the listener can name the call; the Call itself is
    // made on the GUI thread by the first queued invocation, before any status reaches it.
    const int id = m_nextCallId.fetch_add(1);
    const sipcore::NameAddr &caller = invitation->remoteIdentity();
    const QString uri = QString::fromStdString(caller.uri.toString());
    const QString name = QString::fromStdString(caller.displayName);
    // Compared, never dereferenced, on the GUI thread.
    const sipcore::Session *replaced = invitation->replacing().get();
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
            [this, id, uri, name, invitation, replaced] {
                auto *call = new Call(id, Call::Direction::Incoming, uri, name, this);
                connect(call, &Call::changed, this, &Phone::updateAlertTones);
                call->setOrigin(0, replaced ? callIdOf(replaced) : 0);
                call->setCommands({.hangup = [invitation] { invitation->hangup(); },
                                   .answer =
                                           [this, call, invitation] {
                                               holdOtherCalls(call);
                                               invitation->accept();
                                           },
                                   .decline = [invitation] { invitation->reject(); },
                                   .hold = [invitation](bool on) { invitation->hold(on); },
                                   .transfer = transferCommand(invitation),
                                   .transferToCall = transferToCallCommand(invitation),
                                   .dtmf = dtmfCommand(invitation),
                                   .mediaStatistics = statisticsCommand(invitation, this, id)});
                m_calls.append(call);
                m_sessions[id] = invitation;
                Q_EMIT callAdded(call);
                if (!replaced)
                    Q_EMIT incomingCall(call); // a replacing call is answered already
            },
            Qt::QueuedConnection);
}

void Phone::receiveReferral(const std::shared_ptr<sipcore::Session> &referrer,
                            const sipcore::Uri &target,
                            sipcore::InviterOptions options)
{
    // Core thread: compared, never dereferenced, on the GUI thread.
    const sipcore::Session *key = referrer.get();
    QMetaObject::invokeMethod(
            this,
            [this, key, target, options = std::move(options)]() mutable {
                const int from = callIdOf(key);
                const auto account = m_callAccounts.find(from);
                placeCall(target, account == m_callAccounts.end() ? QString() : account->second,
                          std::move(options), from);
            },
            Qt::QueuedConnection);
}

int Phone::callIdOf(const sipcore::Session *session) const
{
    for (const auto &[id, known] : m_sessions) {
        if (known.get() == session)
            return id;
    }
    return 0;
}

void Phone::holdOtherCalls(const Call *except, const Call *alsoExcept)
{
    for (Call *other : std::as_const(m_calls))
        if (other != except && other != alsoExcept && other->state() == Call::State::Connected
            && !other->isHeld())
            other->hold();
}

Phone::~Phone()
{
    m_userAgent->stop(); // no core callback runs after this
    m_echo.reset();
}

void Phone::setAudioProcessing(const AudioProcessing &processing)
{
    m_options.processing = processing;
    if (m_options.audioInFile.isEmpty())
        m_media->setProcessing(
                {processing.echoCancellation, processing.noiseSuppression, processing.gainControl});
}

void Phone::updateAlertTones()
{
    // While a call talks, a new one beeps in its audio instead of ringing the ringer.
    const bool talking = std::any_of(m_calls.cbegin(), m_calls.cend(), [](const Call *call) {
        return call->state() == Call::State::Connected && !call->isHeld();
    });
    bool ringing = false;
    bool ringback = false;
    for (const Call *call : std::as_const(m_calls)) {
        if (call->state() != Call::State::Ringing)
            continue;
        if (call->direction() == Call::Direction::Incoming)
            ringing = true;
        else if (!call->hasEarlyMedia())
            ringback = true;
    }
    m_audio->setRingtone(ringing && !talking);
    m_audio->setCallWaitingTone(ringing && talking);
    m_audio->setRingbackTone(ringback);
}

void Phone::start()
{
    if (!m_mediaError.isEmpty()) {
        const QString message = m_mediaError;
        QMetaObject::invokeMethod(
                this, [this, message] { Q_EMIT startFailed(message); }, Qt::QueuedConnection);
        return;
    }
    // The echo test listens on the loopback of the family we listen on.
    m_echo = std::make_unique<sipcore::media::EchoService>(
            m_options.listenHost.contains(u':') ? "::1" : "127.0.0.1");
    m_echo->start([this](std::error_code error, std::string text) {
        const QString value = QString::fromStdString(text);
        QMetaObject::invokeMethod(
                this,
                [this, value, failed = bool(error)] { (failed ? m_echoError : m_echoUri) = value; },
                Qt::QueuedConnection);
    });
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
                    for (int i = 0; i < m_accounts.size(); ++i) {
                        if (m_options.accounts.at(i).registration)
                            m_accounts.at(i)->registerAccount();
                    }
                },
                Qt::QueuedConnection);
    });
}

QString Phone::normalizeAddress(const QString &input, QString *error, const QString &domain)
{
    QString text = input.trimmed();
    if (text.isEmpty()) {
        if (error)
            *error = tr("Type a SIP address such as sip:alice@example.com.");
        return {};
    }
    // A bare user name or number calls it at the account's domain.
    static const QRegularExpression bareUser(QStringLiteral("^[A-Za-z0-9_+*#!~()'-]+$"));
    if (!domain.isEmpty() && bareUser.match(text).hasMatch())
        text = text + QLatin1Char('@') + domain;
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

QString Phone::transferTarget(const QString &input, QString *error) const
{
    const AccountsFile::Account *account
            = AccountsFile::find(m_options.accounts, m_options.defaultAccount);
    return normalizeAddress(input, error, account ? domainOf(*account) : QString());
}

QString Phone::resolveTarget(const QString &address,
                             const QString &accountId,
                             const AccountsFile::Account **account,
                             QString *error) const
{
    if (address.trimmed().compare(QLatin1String("echo"), Qt::CaseInsensitive) == 0) {
        *account = nullptr; // the echo test is ours: no account, no server
        if (m_echoUri.isEmpty() && error)
            *error = m_echoError.isEmpty()
                             ? tr("The echo test is still starting; try again in a moment.")
                             : tr("The echo test could not start: %1").arg(m_echoError);
        return m_echoUri;
    }
    const QString id = accountId.isEmpty() ? m_options.defaultAccount : accountId;
    *account = AccountsFile::find(m_options.accounts, id);
    if (!id.isEmpty() && !*account) {
        if (error)
            *error = tr("There is no account \"%1\": name one from the accounts file.").arg(id);
        return {};
    }
    const QString normalized
            = normalizeAddress(address, error, *account ? domainOf(**account) : QString());
    if (normalized.isEmpty())
        return {};
    if (!isReady()) {
        if (error)
            *error = tr("The phone is not listening yet; try again in a moment.");
        return {};
    }
    return normalized;
}

Call *Phone::dial(const QString &address, QString *error, const QString &accountId)
{
    const AccountsFile::Account *account = nullptr;
    const QString target = resolveTarget(address, accountId, &account, error);
    if (target.isEmpty())
        return nullptr;
    return placeCall(*sipcore::Uri::parse(target.toStdString()), account ? account->id : QString(),
                     {}, 0);
}

Call *Phone::placeCall(const sipcore::Uri &uri,
                       const QString &accountId,
                       sipcore::InviterOptions options,
                       int referredBy)
{
    const AccountsFile::Account *account = AccountsFile::find(m_options.accounts, accountId);
    if (account) {
        applyAccount(*account, options.from, options.routeSet);
        options.contactUser = options.from->uri.user;
    }
    options.srtp = toSrtpMode(account && !account->srtp.isEmpty() ? account->srtp : m_options.srtp);
    const int id = m_nextCallId.fetch_add(1);
    auto *call = new Call(id, Call::Direction::Outgoing, QString::fromStdString(uri.toString()), {},
                          this);
    call->setOrigin(referredBy, 0);
    connect(call, &Call::changed, this, &Phone::updateAlertTones);
    // The listener runs on the core thread; the QPointer is only dereferenced on the GUI
    // thread, after the queued hop, so a call deleted meanwhile is skipped.
    QPointer<Call> guard(call);
    auto inviter = m_userAgent->makeInviter(
            uri,
            [this, guard](const sipcore::Session::Status &status) {
                const Call::Status copy = toCallStatus(status, Call::Direction::Outgoing);
                QMetaObject::invokeMethod(
                        this,
                        [guard, copy] {
                            if (guard)
                                guard->applyStatus(copy);
                        },
                        Qt::QueuedConnection);
            },
            std::move(options));
    call->setCommands({.hangup = [inviter] { inviter->hangup(); },
                       .hold = [inviter](bool on) { inviter->hold(on); },
                       .transfer = transferCommand(inviter),
                       .transferToCall = transferToCallCommand(inviter),
                       .dtmf = dtmfCommand(inviter),
                       .mediaStatistics = statisticsCommand(inviter, this, id)});
    m_calls.append(call);
    m_sessions[id] = inviter;
    if (!accountId.isEmpty())
        m_callAccounts[id] = accountId;
    // The call whose peer asked for this one is left alone: that peer ends it soon.
    holdOtherCalls(call, findCall(referredBy));
    inviter->invite();
    Q_EMIT callAdded(call);
    return call;
}

int Phone::sendMessage(const QString &address,
                       const QString &text,
                       QString *error,
                       const QString &accountId)
{
    if (text.isEmpty()) {
        if (error)
            *error = tr("The message is empty: type some text after the address.");
        return 0;
    }
    const AccountsFile::Account *account = nullptr;
    const QString normalized = resolveTarget(address, accountId, &account, error);
    if (normalized.isEmpty())
        return 0;
    sipcore::MessagerOptions options;
    if (account)
        applyAccount(*account, options.from, options.routeSet);
    const int messageId = m_nextMessageId++;
    auto messager = m_userAgent->makeMessager(
            *sipcore::Uri::parse(normalized.toStdString()), text.toStdString(),
            [this, messageId](int statusCode, const std::string &reasonPhrase) {
                const QString phrase = QString::fromStdString(reasonPhrase);
                QMetaObject::invokeMethod(
                        this,
                        [this, messageId, statusCode, phrase] {
                            m_messagers.erase(messageId);
                            Q_EMIT messageSent(messageId, statusCode, phrase);
                        },
                        Qt::QueuedConnection);
            },
            std::move(options));
    m_messagers[messageId] = messager;
    messager->message();
    return messageId;
}

int Phone::subscribe(const QString &address,
                     const QString &package,
                     QString *error,
                     const QString &accountId)
{
    static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9.!%*_+`'~-]+$"));
    if (!token.match(package).hasMatch()) {
        if (error)
            *error = tr("\"%1\" is no event package: name one such as presence or dialog.")
                             .arg(package);
        return 0;
    }
    const AccountsFile::Account *account = nullptr;
    const QString target = resolveTarget(address, accountId, &account, error);
    if (target.isEmpty())
        return 0;
    sipcore::SubscriberOptions options;
    options.event = package.toStdString();
    if (package == QLatin1String("presence"))
        options.accept = "application/pidf+xml";
    if (account)
        applyAccount(*account, options.from, options.routeSet);
    const int id = m_nextSubscriptionId++;
    auto subscriber = m_userAgent->makeSubscriber(
            *sipcore::Uri::parse(target.toStdString()), std::move(options),
            [this, id, target, package](const sipcore::Subscriber::Status &status) {
                using S = sipcore::Subscriber::State;
                Subscription copy;
                copy.id = id;
                copy.target = target;
                copy.package = package;
                copy.state = status.state == S::Pending      ? QStringLiteral("pending")
                             : status.state == S::Active     ? QStringLiteral("active")
                             : status.state == S::Terminated ? QStringLiteral("terminated")
                                                             : QStringLiteral("waiting");
                copy.reason = QString::fromStdString(status.reason);
                copy.statusCode = status.statusCode;
                copy.contentType = QString::fromStdString(status.contentType);
                copy.body = QString::fromStdString(status.body);
                QMetaObject::invokeMethod(
                        this,
                        [this, copy] {
                            const auto it = m_subscribers.find(copy.id);
                            if (it != m_subscribers.end()) {
                                it->second.ended = copy.state == QLatin1String("terminated");
                                if (it->second.ended && it->second.unsubscribed)
                                    m_subscribers.erase(it);
                            }
                            Q_EMIT subscriptionChanged(copy);
                        },
                        Qt::QueuedConnection);
            });
    m_subscribers[id] = SubscriptionEntry{.subscriber = subscriber};
    subscriber->subscribe();
    return id;
}

bool Phone::unsubscribe(int id)
{
    const auto it = m_subscribers.find(id);
    if (it == m_subscribers.end() || it->second.unsubscribed)
        return false;
    // Kept until the subscription has ended: the SUBSCRIBE that ends it needs its subscriber.
    it->second.unsubscribed = true;
    it->second.subscriber->unsubscribe();
    if (it->second.ended)
        m_subscribers.erase(it);
    return true;
}

bool Phone::publishPresence(bool open,
                            const QString &note,
                            QString *error,
                            const QString &accountId)
{
    const QString id = accountId.isEmpty() ? m_options.defaultAccount : accountId;
    const AccountsFile::Account *account = AccountsFile::find(m_options.accounts, id);
    if (!account) {
        if (error)
            *error = id.isEmpty() ? tr("Publishing presence needs an account: add one to the "
                                       "accounts file.")
                                  : tr("There is no account \"%1\": name one from the accounts "
                                       "file.")
                                            .arg(id);
        return false;
    }
    if (!isReady()) {
        if (error)
            *error = tr("The phone is not listening yet; try again in a moment.");
        return false;
    }
    auto &publisher = m_publishers[account->id];
    if (!publisher) {
        sipcore::PublisherOptions options;
        applyAccount(*account, options.from, options.routeSet);
        const sipcore::Uri aor = options.from->uri;
        publisher = m_userAgent->makePublisher(
                aor, std::move(options),
                [this, accountName = account->id](const sipcore::Publisher::Status &status) {
                    using S = sipcore::Publisher::State;
                    const QString state
                            = status.waiting                 ? QStringLiteral("publishing")
                              : status.state == S::Published ? QStringLiteral("published")
                              : status.state == S::Failed    ? QStringLiteral("failed")
                                                             : QStringLiteral("unpublished");
                    const int code = status.statusCode;
                    const QString phrase = QString::fromStdString(status.reasonPhrase);
                    QMetaObject::invokeMethod(
                            this,
                            [this, accountName, state, code, phrase] {
                                Q_EMIT publicationChanged(accountName, state, code, phrase);
                            },
                            Qt::QueuedConnection);
                });
    }
    publisher->publish(PresenceDocument::build(account->aor, open, note).toStdString());
    return true;
}

void Phone::unpublishPresence(const QString &accountId)
{
    const auto it = m_publishers.find(accountId.isEmpty() ? m_options.defaultAccount : accountId);
    if (it != m_publishers.end())
        it->second->unpublish();
}

std::function<void(int)> Phone::transferToCallCommand(std::shared_ptr<sipcore::Session> session)
{
    return [this, session = std::move(session)](int otherCallId) {
        const auto other = m_sessions.find(otherCallId);
        if (other != m_sessions.end())
            session->transfer(other->second);
    };
}

Call *Phone::findCall(int id) const
{
    for (Call *call : m_calls) {
        if (call->id() == id)
            return call;
    }
    return nullptr;
}
