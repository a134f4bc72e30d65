#pragma once

#include "accountsfile.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

class Account;
class AudioDevices;
class Call;

namespace sipcore {
class Invitation;
class Messager;
class Publisher;
class Registerer;
class Session;
class Subscriber;
class UserAgent;
struct InviterOptions;
struct Uri;
namespace media {
class EchoService;
class MediaEngine;
} // namespace media
} // namespace sipcore

/// The phone: owns the SIP core thread and the calls. Lives on the GUI thread. Core
/// callbacks reach it as queued invocations carrying copied values, with this object as
/// their context, so nothing runs after it is gone; commands go to the core with asio::post.
class Phone : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(QString sipAddress READ sipAddress NOTIFY readyChanged)

public:
    /// How calls send DTMF.
    enum class DtmfMethod {
        Rfc4733, ///< RFC 4733 events, or tones to a peer that takes no events
        InBand,  ///< tones only
        Info,    ///< SIP INFO
    };
    /// The clean-ups the microphone's audio goes through before it is sent.
    struct AudioProcessing
    {
        bool echoCancellation = true;
        bool noiseSuppression = true;
        bool gainControl = true;
    };
    struct Options
    {
        QString listenHost = QStringLiteral("0.0.0.0");
        quint16 listenPort = 5060;
        int t1Milliseconds = 500; ///< RFC 3261 T1; T2 and T4 keep their defaults
        int noAnswerSeconds = 60; ///< an incoming call unanswered this long gets 480 (0: never)
        QString displayName;
        QString tlsCaFile; ///< PEM; empty: the system's CAs
        QString tlsCertificate;
        QString tlsPrivateKey;
        /// The SIP accounts (AccountsFile); calls go from defaultAccount, or with none
        /// directly from our address.
        QList<AccountsFile::Account> accounts;
        QString defaultAccount;
        /// A 16-bit PCM WAV file played, over and over, in place of the microphone
        /// (--audio-in); empty: the microphone.
        QString audioInFile;
        /// A WAV file that records what would be played (--audio-out); empty: the speaker.
        QString audioOutFile;
        /// The codecs to offer and accept, in order of preference (--codecs); empty: all.
        QStringList codecs;
        /// How DTMF is sent (--dtmf).
        DtmfMethod dtmf = DtmfMethod::Rfc4733;
        /// Whether calls encrypt their audio, "off", "optional" or "required" (settings
        /// calls/srtp, --srtp): calls not made through an account, and incoming calls to an
        /// account that does not say (AccountsFile::Account::srtp).
        QString srtp = QStringLiteral("off");
        /// What the microphone's audio goes through (not a file's): settings audio/*.
        AudioProcessing processing = {};
    };

    /// A subscription (subscribe()) as it stands after a change.
    struct Subscription
    {
        int id = 0;
        QString target;
        QString package;
        QString state;      ///< "waiting", "pending", "active" or "terminated"
        QString reason;     ///< terminated: why ("noresource", "rejected", "unsubscribed", …)
        int statusCode = 0; ///< of the final response to the SUBSCRIBE; 0 before it
        QString contentType;
        QString body; ///< of the last NOTIFY with one: the event state
    };

    explicit Phone(const Options &options, QObject *parent = nullptr);
    /// The codecs Ringback has, by the names --codecs takes, in its order of preference.
    static QStringList availableCodecs();
    ~Phone() override;

    /// Starts listening, then registers the accounts that ask for it; emits started() or
    /// startFailed().
    void start();
    /// Unregisters every account that is registered (or on its way), removes our published
    /// presence and ends our subscriptions, then emits shutDown(): at once when there is
    /// nothing to end, after three seconds at the latest. Call before quitting.
    void shutdown();
    bool isReady() const { return !m_sipAddress.isEmpty(); }
    /// "udp:host:port" once listening.
    QString sipAddress() const { return m_sipAddress; }

    /// Turns what a person types into a SIP URI: "sip:…"/"sips:…" as is, "user@host" or
    /// "host" with "sip:" in front; with a \a domain (the calling account's), a bare user
    /// name or number such as "bob" or "1002" becomes "sip:bob@domain". Returns an empty
    /// string and sets \a error to a sentence saying what to fix when it cannot be called.
    static QString
    normalizeAddress(const QString &input, QString *error, const QString &domain = {});

    /// Dials \a address from account \a accountId (empty: the default account, if any),
    /// after putting any connected call on hold (as answering an incoming call does).
    /// Returns nullptr (and a sentence in \a error) when the address cannot be called, the
    /// account does not exist or the phone is not ready.
    Call *dial(const QString &address, QString *error = nullptr, const QString &accountId = {});
    /// normalizeAddress() with the default account's domain: where a transfer sends a call.
    QString transferTarget(const QString &input, QString *error) const;
    /// Sends \a text as an instant message (SIP MESSAGE) to \a address from account
    /// \a accountId (empty: the default account, if any). Returns the message's id, which
    /// messageSent() names; 0 (and a sentence in \a error) when it cannot be sent.
    int sendMessage(const QString &address,
                    const QString &text,
                    QString *error = nullptr,
                    const QString &accountId = {});
    /// Subscribes to the event package \a package ("presence", "dialog", "message-summary", …)
    /// of \a address from account \a accountId (empty: the default account, if any), RFC 6665.
    /// Returns the subscription's id, which subscriptionChanged() names; 0 (and a sentence in
    /// \a error) when it cannot be made. The subscription refreshes itself until unsubscribe().
    int subscribe(const QString &address,
                  const QString &package,
                  QString *error = nullptr,
                  const QString &accountId = {});
    /// Ends subscription \a id; false when there is none.
    bool unsubscribe(int id);
    /// Publishes our presence (RFC 3903, a PIDF document for the account's AOR): available when
    /// \a open, with \a note; again to change it. From account \a accountId (empty: the default
    /// one). False, with a sentence in \a error, without an account or before start().
    bool publishPresence(bool open,
                         const QString &note,
                         QString *error = nullptr,
                         const QString &accountId = {});
    /// Removes the presence publishPresence() published from account \a accountId (empty: the
    /// default one); nothing when there is none.
    void unpublishPresence(const QString &accountId = {});
    QList<Call *> calls() const { return m_calls; }
    Call *findCall(int id) const;
    QList<Account *> accounts() const { return m_accounts; }
    Account *findAccount(const QString &id) const;
    /// The sound devices: which are there, which each role uses; the ringtone and ringback
    /// tone follow the calls.
    AudioDevices *audioDevices() const { return m_audio; }
    AudioProcessing audioProcessing() const { return m_options.processing; }
    /// Changes what the microphone's audio goes through, during a call too (a file given to
    /// --audio-in goes through nothing).
    void setAudioProcessing(const AudioProcessing &processing);

Q_SIGNALS:
    void readyChanged();
    void started(const QString &sipAddress);
    void startFailed(const QString &message);
    /// A call was added, outgoing or incoming.
    void callAdded(Call *call);
    /// An incoming call rings (after callAdded).
    void incomingCall(Call *call);
    /// An instant message arrived from \a from (display name \a name, may be empty);
    /// \a inCall: within a call's dialog.
    void
    messageReceived(const QString &from, const QString &name, const QString &text, bool inCall);
    /// The message sendMessage() returned \a id for got its final answer.
    void messageSent(int id, int statusCode, const QString &reasonPhrase);
    /// A subscription changed, or a NOTIFY brought new event state.
    void subscriptionChanged(const Phone::Subscription &subscription);
    /// Our presence publication for \a account changed: \a state is "publishing", "published",
    /// "unpublished" or "failed"; \a statusCode and \a reasonPhrase are the last response's.
    void publicationChanged(const QString &account,
                            const QString &state,
                            int statusCode,
                            const QString &reasonPhrase);
    /// shutdown() is done: the accounts are unregistered, the presence removed and the
    /// subscriptions ended, or they gave no answer in time.
    void shutDown();

private:
    /// Core thread: a new incoming call; it reaches the GUI thread as a Call. One that
    /// replaces a call of ours (an attended transfer to us) is answered already: it is added
    /// but does not ring.
    void receiveCall(const std::shared_ptr<sipcore::Invitation> &invitation);
    /// Core thread: the peer of \a referrer asked for a call to \a target (a REFER), whose
    /// INVITE carries \a options (the referrer, Replaces, Referred-By); it is made from the
    /// account of the call it came from, as a new outgoing Call.
    void receiveReferral(const std::shared_ptr<sipcore::Session> &referrer,
                         const sipcore::Uri &target,
                         sipcore::InviterOptions options);
    /// Where a call or message to \a address from account \a accountId (empty: the default
    /// account) goes: the normalized SIP URI, with \a account set to the account (nullptr for
    /// none). Empty, with a sentence in \a error, when the account does not exist, the
    /// address cannot be called or the phone is not listening.
    QString resolveTarget(const QString &address,
                          const QString &accountId,
                          const AccountsFile::Account **account,
                          QString *error) const;
    /// Makes the Call and the Inviter for \a uri, from \a account (empty: none), and dials.
    /// \a referredBy: the id of the call whose peer asked for this one, or 0.
    Call *placeCall(const sipcore::Uri &uri,
                    const QString &account,
                    sipcore::InviterOptions options,
                    int referredBy);
    /// Call::Commands::transferToCall for \a session. GUI thread.
    std::function<void(int)> transferToCallCommand(std::shared_ptr<sipcore::Session> session);
    /// The id of the call of \a session; 0 when there is none. GUI thread.
    int callIdOf(const sipcore::Session *session) const;

    /// Call waiting: puts every connected call but \a except (and \a alsoExcept) on hold, so
    /// that answering or dialling one call never leaves another one open to both sides.
    void holdOtherCalls(const Call *except, const Call *alsoExcept = nullptr);
    /// Makes the Account objects and their registerers.
    void makeAccounts();
    /// Rings while an incoming call rings, plays the ringback tone while an outgoing one
    /// rings without early media.
    void updateAlertTones();

    Options m_options;
    /// A child: it outlives the media engine below, which feeds it from another thread.
    AudioDevices *m_audio;
    /// Why the audio files of the options cannot be used; start() fails with it.
    QString m_mediaError;
    /// Declared before the user agent, which uses it: destroyed after it.
    std::unique_ptr<sipcore::media::MediaEngine> m_media;
    std::unique_ptr<sipcore::UserAgent> m_userAgent;
    /// The echo test ("echo"), started with the phone; its URI once it listens, or why not.
    std::unique_ptr<sipcore::media::EchoService> m_echo;
    QString m_echoUri;
    QString m_echoError;
    QList<Account *> m_accounts;
    std::vector<std::shared_ptr<sipcore::Registerer>> m_registerers; // one per account
    bool m_shuttingDown = false;
    QString m_sipAddress;
    QList<Call *> m_calls;
    /// GUI thread: each call's session (by call id), and the account an outgoing one uses.
    std::unordered_map<int, std::shared_ptr<sipcore::Session>> m_sessions;
    std::unordered_map<int, QString> m_callAccounts;
    /// GUI thread: the messages still waiting for their final answer, by id.
    std::unordered_map<int, std::shared_ptr<sipcore::Messager>> m_messagers;
    int m_nextMessageId = 1;
    /// GUI thread: a subscription until unsubscribe() has ended it.
    struct SubscriptionEntry
    {
        std::shared_ptr<sipcore::Subscriber> subscriber;
        bool ended = false;        ///< the last change was to terminated
        bool unsubscribed = false; ///< unsubscribe() was called
    };
    /// GUI thread: the subscriptions by id; the publications by account.
    std::unordered_map<int, SubscriptionEntry> m_subscribers;
    int m_nextSubscriptionId = 1;
    std::map<QString, std::shared_ptr<sipcore::Publisher>> m_publishers;
    std::atomic<int> m_nextCallId{1}; // taken on the GUI thread (dial) and the core thread
};
