#include "headlesscontroller.h"

#include "account.h"
#include "audiodevices.h"
#include "call.h"
#include "phone.h"
#include "presencedocument.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unistd.h>

HeadlessController::HeadlessController(Phone *phone, QObject *parent)
    : QObject(parent)
    , m_phone(phone)
{
    connect(m_phone, &Phone::started, this, [this](const QString &sipAddress) {
        emitEvent({{QStringLiteral("event"), QStringLiteral("ready")},
                   {QStringLiteral("sip"), sipAddress},
                   {QStringLiteral("version"), QCoreApplication::applicationVersion()}});
        for (const QString &line : std::exchange(m_waiting, {}))
            handleCommand(line);
    });
    connect(m_phone, &Phone::startFailed, this, [this](const QString &message) {
        emitError(tr("Cannot start SIP: %1.").arg(message));
    });
    connect(m_phone, &Phone::callAdded, this, &HeadlessController::watch);
    connect(m_phone, &Phone::messageReceived, this,
            [this](const QString &from, const QString &name, const QString &text, bool inCall) {
                QJsonObject event{{QStringLiteral("event"), QStringLiteral("message")},
                                  {QStringLiteral("direction"), QStringLiteral("incoming")},
                                  {QStringLiteral("from"), from},
                                  {QStringLiteral("text"), text},
                                  {QStringLiteral("inCall"), inCall}};
                if (!name.isEmpty())
                    event.insert(QStringLiteral("name"), name);
                emitEvent(event);
            });
    connect(m_phone, &Phone::messageSent, this,
            [this](int id, int statusCode, const QString &reasonPhrase) {
                emitEvent({{QStringLiteral("event"), QStringLiteral("message")},
                           {QStringLiteral("direction"), QStringLiteral("outgoing")},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("to"), m_messageTargets.take(id)},
                           {QStringLiteral("status"), statusCode},
                           {QStringLiteral("reason"), reasonPhrase}});
            });
    connect(m_phone, &Phone::subscriptionChanged, this, &HeadlessController::emitSubscription);
    connect(m_phone, &Phone::publicationChanged, this,
            [this](const QString &account, const QString &state, int statusCode,
                   const QString &reasonPhrase) {
                QJsonObject event{{QStringLiteral("event"), QStringLiteral("publication")},
                                  {QStringLiteral("account"), account},
                                  {QStringLiteral("state"), state}};
                if (statusCode != 0) {
                    event.insert(QStringLiteral("status"), statusCode);
                    event.insert(QStringLiteral("reason"), reasonPhrase);
                }
                emitEvent(event);
            });
    for (Account *account : m_phone->accounts()) {
        connect(account, &Account::registrationChanged, this,
                [this, account] { emitRegistration(account); });
    }
    connect(m_phone->audioDevices(), &AudioDevices::changed, this,
            &HeadlessController::emitAudioDevices);
}

void HeadlessController::start()
{
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &HeadlessController::readInput);
}

void HeadlessController::readInput()
{
    char chunk[4096];
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n <= 0) {
        m_notifier->setEnabled(false);
        if (!m_buffer.isEmpty())
            handleCommand(QString::fromUtf8(std::exchange(m_buffer, {})));
        Q_EMIT quitRequested(); // end of input
        return;
    }
    m_buffer.append(chunk, n);
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        handleCommand(QString::fromUtf8(line));
    }
}

void HeadlessController::handleCommand(const QString &line)
{
    const QStringList words = line.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty())
        return;
    const QString command = words.first();
    if (!m_phone->isReady() && command != QLatin1String("quit")) {
        m_waiting.append(line);
        return;
    }
    if (command == QLatin1String("call")) {
        if (words.size() != 2 && words.size() != 3)
            return emitError(tr("Usage: call <sip-address> [<account>]"), line);
        QString error;
        if (!m_phone->dial(words.at(1), &error, words.value(2)))
            emitError(error, line);
    } else if (command == QLatin1String("message")) {
        static const QRegularExpression form(QStringLiteral("^\\S+\\s+(\\S+)\\s+(.+)$"));
        const auto match = form.match(line.trimmed());
        if (!match.hasMatch())
            return emitError(tr("Usage: message <sip-address> <text>"), line);
        QString error;
        const QString to = match.captured(1);
        const int id = m_phone->sendMessage(to, match.captured(2), &error);
        if (id == 0)
            return emitError(error, line);
        m_messageTargets.insert(id, to);
    } else if (command == QLatin1String("subscribe")) {
        if (words.size() != 2 && words.size() != 3)
            return emitError(tr("Usage: subscribe <sip-address> [<event-package>]"), line);
        QString error;
        const QString package = words.value(2, QStringLiteral("presence"));
        if (m_phone->subscribe(words.at(1), package, &error) == 0)
            emitError(error, line);
    } else if (command == QLatin1String("unsubscribe")) {
        bool ok = false;
        const int id = words.value(1).toInt(&ok);
        if (words.size() != 2 || !ok)
            return emitError(tr("Usage: unsubscribe <subscription-id>"), line);
        if (!m_phone->unsubscribe(id))
            emitError(tr("No subscription with id %1.").arg(id), line);
    } else if (command == QLatin1String("publish")) {
        static const QRegularExpression form(
                QStringLiteral("^\\S+\\s+(open|closed)(?:\\s+(.+))?$"));
        const auto match = form.match(line.trimmed());
        if (!match.hasMatch())
            return emitError(tr("Usage: publish open|closed [<note>]"), line);
        QString error;
        if (!m_phone->publishPresence(match.captured(1) == QLatin1String("open"), match.captured(2),
                                      &error))
            emitError(error, line);
    } else if (command == QLatin1String("unpublish")) {
        m_phone->unpublishPresence();
    } else if (command == QLatin1String("register") || command == QLatin1String("unregister")) {
        const bool add = command == QLatin1String("register");
        for (Account *account : chooseAccounts(words, line)) {
            if (add)
                account->registerAccount();
            else
                account->unregisterAccount();
        }
    } else if (command == QLatin1String("hangup")) {
        if (Call *call = chooseCall(words, line, false))
            call->hangup();
    } else if (command == QLatin1String("answer")) {
        if (Call *call = chooseCall(words, line, true))
            call->answer();
    } else if (command == QLatin1String("decline")) {
        if (Call *call = chooseCall(words, line, true))
            call->decline();
    } else if (command == QLatin1String("media")) {
        if (Call *call = chooseCall(words, line, false))
            call->requestMediaStatistics();
    } else if (command == QLatin1String("hold") || command == QLatin1String("resume")) {
        Call *call = chooseCall(words, line, false);
        if (!call)
            return;
        if (call->state() != Call::State::Connected)
            return emitError(tr("Call %1 is not connected.").arg(call->id()), line);
        if (command == QLatin1String("hold"))
            call->hold();
        else
            call->resume();
    } else if (command == QLatin1String("transfer") || command == QLatin1String("dtmf")) {
        if (words.size() != 2 && words.size() != 3)
            return emitError(command == QLatin1String("transfer")
                                     ? tr("Usage: transfer <sip-address> [<id>]")
                                     : tr("Usage: dtmf <digits> [<id>]"),
                             line);
        Call *call = chooseCall(QStringList{command} + words.mid(2), line, false);
        if (!call)
            return;
        if (call->state() != Call::State::Connected)
            return emitError(tr("Call %1 is not connected.").arg(call->id()), line);
        if (command == QLatin1String("dtmf")) {
            static const QRegularExpression digits(QStringLiteral("^[0-9*#A-Da-d]+$"));
            if (!digits.match(words.at(1)).hasMatch())
                return emitError(tr("DTMF digits are 0-9, *, # and A-D; \"%1\" has others.")
                                         .arg(words.at(1)),
                                 line);
            call->sendDtmf(words.at(1));
            return;
        }
        QString error;
        const QString target = m_phone->transferTarget(words.at(1), &error);
        if (target.isEmpty())
            return emitError(error, line);
        call->transfer(target);
    } else if (command == QLatin1String("atransfer")) {
        if (words.size() != 2 && words.size() != 3)
            return emitError(tr("Usage: atransfer <other-id> [<id>]"), line);
        bool ok = false;
        Call *other = m_phone->findCall(words.at(1).toInt(&ok));
        if (!ok || !other)
            return emitError(tr("No call with id %1.").arg(words.at(1)), line);
        Call *call = chooseCall(QStringList{command} + words.mid(2), line, false);
        if (!call)
            return;
        if (call == other)
            return emitError(tr("Call %1 cannot be transferred to itself: name the other call.")
                                     .arg(call->id()),
                             line);
        for (const Call *each : {call, other}) {
            if (each->state() != Call::State::Connected)
                return emitError(tr("Call %1 is not connected.").arg(each->id()), line);
        }
        call->transferToCall(other);
    } else if (command == QLatin1String("devices")) {
        emitAudioDevices();
    } else if (command == QLatin1String("device")) {
        chooseDevice(words, line);
    } else if (command == QLatin1String("quit")) {
        Q_EMIT quitRequested();
    } else {
        emitError(tr("Unknown command \"%1\". Commands: call <uri> [<account>], hangup "
                     "[<id>], answer [<id>], decline [<id>], hold [<id>], resume [<id>], "
                     "transfer <uri> [<id>], atransfer <other-id> [<id>], dtmf <digits> [<id>], "
                     "message <uri> <text>, subscribe <uri> [<package>], unsubscribe <id>, "
                     "publish open|closed [<note>], unpublish, "
                     "register [<account>], "
                     "unregister [<account>], devices, device microphone|speaker|ringer "
                     "<id>|default, quit.")
                          .arg(command),
                  line);
    }
}

void HeadlessController::chooseDevice(const QStringList &words, const QString &line)
{
    using Role = AudioDevices::Role;
    AudioDevices *audio = m_phone->audioDevices();
    std::optional<Role> role;
    for (Role each : {Role::Microphone, Role::Speaker, Role::Ringer}) {
        if (words.size() >= 2 && words.at(1) == AudioDevices::roleName(each))
            role = each;
    }
    if (!role || words.size() < 3)
        return emitError(tr("Usage: device microphone|speaker|ringer <id>|default"), line);
    // Ids are PulseAudio's names, without spaces; "default" follows the system's choice.
    const QString id = words.at(2) == QLatin1String("default") ? QString() : words.at(2);
    if (!id.isEmpty()) {
        const auto available = audio->devices(*role);
        const bool found = std::any_of(available.begin(), available.end(),
                                       [&](const AudioDevices::Device &d) { return d.id == id; });
        if (!found)
            return emitError(tr("There is no %1 with id \"%2\": the devices command lists them.")
                                     .arg(AudioDevices::roleName(*role), id),
                             line);
    }
    audio->choose(*role, id);
}

void HeadlessController::emitAudioDevices()
{
    using Role = AudioDevices::Role;
    const AudioDevices *audio = m_phone->audioDevices();
    const auto list = [audio](Role role) {
        QJsonArray out;
        for (const AudioDevices::Device &device : audio->devices(role))
            out.append(QJsonObject{{QStringLiteral("id"), device.id},
                                   {QStringLiteral("name"), device.name},
                                   {QStringLiteral("default"), device.isDefault}});
        return out;
    };
    QJsonObject event{{QStringLiteral("event"), QStringLiteral("audioDevices")},
                      {QStringLiteral("microphones"), list(Role::Microphone)},
                      {QStringLiteral("speakers"), list(Role::Speaker)}};
    for (Role role : {Role::Microphone, Role::Speaker, Role::Ringer})
        event.insert(AudioDevices::roleName(role),
                     QJsonObject{{QStringLiteral("choice"), audio->choice(role)},
                                 {QStringLiteral("current"), audio->current(role)},
                                 {QStringLiteral("open"), audio->isOpen(role)}});
    emitEvent(event);
}

Call *
HeadlessController::chooseCall(const QStringList &words, const QString &line, bool ringingIncoming)
{
    const auto offered = [](const Call *call) {
        return call->direction() == Call::Direction::Incoming
               && call->state() == Call::State::Ringing;
    };
    if (words.size() >= 2) {
        bool ok = false;
        Call *call = m_phone->findCall(words.at(1).toInt(&ok));
        if (!ok || !call) {
            emitError(tr("No call with id %1.").arg(words.at(1)), line);
            return nullptr;
        }
        if (ringingIncoming && !offered(call)) {
            emitError(tr("Call %1 is not an incoming call that rings.").arg(call->id()), line);
            return nullptr;
        }
        return call;
    }
    // The most recent call that has not ended (that rings, for answer and decline).
    const auto calls = m_phone->calls();
    for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
        if (ringingIncoming ? offered(*it) : (*it)->state() != Call::State::Terminated)
            return *it;
    }
    const QString action
            = words.first() == QLatin1String("hangup") ? QStringLiteral("hang up") : words.first();
    emitError(ringingIncoming ? tr("There is no incoming call to %1.").arg(action)
                              : tr("There is no call to %1.").arg(action),
              line);
    return nullptr;
}

QList<Account *> HeadlessController::chooseAccounts(const QStringList &words, const QString &line)
{
    if (m_phone->accounts().isEmpty()) {
        emitError(tr("There are no accounts: add one to accounts.ini in the settings "
                     "directory (docs/CONFIG.md)."),
                  line);
        return {};
    }
    if (words.size() < 2)
        return m_phone->accounts();
    if (Account *account = m_phone->findAccount(words.at(1)))
        return {account};
    QStringList ids;
    for (const Account *account : m_phone->accounts())
        ids.append(account->id());
    emitError(tr("There is no account \"%1\"; the accounts are: %2.")
                      .arg(words.at(1), ids.join(QStringLiteral(", "))),
              line);
    return {};
}

void HeadlessController::emitRegistration(Account *account)
{
    using R = Account::RegistrationState;
    const Account::Registration &registration = account->registration();
    if (registration.state != R::Registered && registration.state != R::Failed
        && registration.state != R::Unregistered)
        return;
    QJsonObject event{{QStringLiteral("event"), QStringLiteral("registration")},
                      {QStringLiteral("account"), account->id()},
                      {QStringLiteral("aor"), account->aor()},
                      {QStringLiteral("state"), Account::stateName(registration.state)},
                      {QStringLiteral("status"), registration.statusCode},
                      {QStringLiteral("reason"), registration.reasonPhrase}};
    if (registration.state == R::Registered)
        event.insert(QStringLiteral("expires"), registration.expires);
    if (registration.state == R::Failed) {
        event.insert(QStringLiteral("message"), account->problem());
        if (registration.retrySeconds > 0)
            event.insert(QStringLiteral("retry"), registration.retrySeconds);
    }
    emitEvent(event);
}

void HeadlessController::watch(Call *call)
{
    emitCall(call);
    connect(call, &Call::changed, this, [this, call] { emitCall(call); });
    connect(call, &Call::mediaStatisticsReady, this,
            [this, call](const Call::MediaStatistics &figures) {
                const auto known = [](auto value) {
                    return value < 0 ? QJsonValue() : QJsonValue(value);
                };
                emitEvent({{QStringLiteral("event"), QStringLiteral("media")},
                           {QStringLiteral("id"), call->id()},
                           {QStringLiteral("codec"), figures.codec},
                           {QStringLiteral("packetsSent"), figures.packetsSent},
                           {QStringLiteral("packetsReceived"), figures.packetsReceived},
                           {QStringLiteral("framesPlayed"), figures.framesPlayed},
                           {QStringLiteral("packetsLost"), figures.packetsLost},
                           {QStringLiteral("jitterMs"), figures.jitterMs},
                           {QStringLiteral("reportsReceived"), figures.reportsReceived},
                           {QStringLiteral("rttMs"), known(figures.roundTripMs)},
                           {QStringLiteral("remotePacketsLost"), known(figures.remotePacketsLost)},
                           {QStringLiteral("mos"), figures.mos},
                           {QStringLiteral("dtmfEvents"), figures.dtmfEvents},
                           {QStringLiteral("dtmfTones"), figures.dtmfTones},
                           {QStringLiteral("srtp"), figures.srtpSuite},
                           {QStringLiteral("packetsRejected"), figures.packetsRejected},
                           {QStringLiteral("reportsRejected"), figures.reportsRejected}});
            });
}

void HeadlessController::emitCall(Call *call)
{
    const bool ended = call->state() == Call::State::Terminated;
    QJsonObject event{{QStringLiteral("event"), QStringLiteral("call")},
                      {QStringLiteral("id"), call->id()},
                      {QStringLiteral("direction"), call->direction() == Call::Direction::Outgoing
                                                            ? QStringLiteral("outgoing")
                                                            : QStringLiteral("incoming")},
                      {QStringLiteral("state"), Call::stateName(call->state())},
                      {QStringLiteral("remote"), call->remoteUri()},
                      {QStringLiteral("status"), call->statusCode()},
                      {QStringLiteral("phrase"), call->reasonPhrase()},
                      {QStringLiteral("reason"),
                       ended ? Call::endReasonName(call->endReason()) : call->reasonPhrase()}};
    if (call->state() == Call::State::Connected) {
        event.insert(QStringLiteral("held"), call->isHeld());
        event.insert(QStringLiteral("remoteHeld"), call->isRemoteHeld());
        event.insert(QStringLiteral("encrypted"), call->isEncrypted());
    }
    if (!call->transferState().isEmpty()) {
        event.insert(QStringLiteral("transfer"), call->transferState());
        event.insert(QStringLiteral("transferStatus"), call->transferStatusCode());
    }
    if (!call->receivedDigits().isEmpty())
        event.insert(QStringLiteral("dtmf"), call->receivedDigits());
    if (call->referredBy() != 0)
        event.insert(QStringLiteral("referredBy"), call->referredBy());
    if (call->replaces() != 0)
        event.insert(QStringLiteral("replaces"), call->replaces());
    if (call->direction() == Call::Direction::Incoming) {
        event.insert(QStringLiteral("from"), call->remoteUri());
        if (!call->remoteName().isEmpty())
            event.insert(QStringLiteral("name"), call->remoteName());
    }
    emitEvent(event);
}

void HeadlessController::emitSubscription(const Phone::Subscription &subscription)
{
    QJsonObject event{{QStringLiteral("event"), QStringLiteral("subscription")},
                      {QStringLiteral("id"), subscription.id},
                      {QStringLiteral("target"), subscription.target},
                      {QStringLiteral("package"), subscription.package},
                      {QStringLiteral("state"), subscription.state}};
    if (!subscription.reason.isEmpty())
        event.insert(QStringLiteral("reason"), subscription.reason);
    if (subscription.statusCode != 0)
        event.insert(QStringLiteral("status"), subscription.statusCode);
    if (subscription.contentType.startsWith(QLatin1String("application/pidf+xml"))) {
        if (const auto presence = PresenceDocument::parse(subscription.body)) {
            event.insert(QStringLiteral("basic"), presence->basic);
            if (!presence->note.isEmpty())
                event.insert(QStringLiteral("note"), presence->note);
        }
    } else if (!subscription.body.isEmpty()) {
        event.insert(QStringLiteral("contentType"), subscription.contentType);
        event.insert(QStringLiteral("body"), subscription.body);
    }
    emitEvent(event);
}

void HeadlessController::emitError(const QString &message, const QString &command)
{
    QJsonObject event{{QStringLiteral("event"), QStringLiteral("error")},
                      {QStringLiteral("message"), message}};
    if (!command.isEmpty())
        event.insert(QStringLiteral("command"), command.trimmed());
    emitEvent(event);
}

void HeadlessController::emitEvent(const QJsonObject &event)
{
    const QByteArray line = QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fflush(stdout);
}
