#pragma once

#include "sipcore/core/digestauthentication.h"
#include "sipcore/core/useragentcoreconfiguration.h"
#include "sipcore/core/useragentcoredelegate.h"
#include "sipcore/session/invitation.h"
#include "sipcore/session/inviter.h"
#include "sipcore/session/messager.h"
#include "sipcore/session/publisher.h"
#include "sipcore/session/registerer.h"
#include "sipcore/session/subscriber.h"
#include "sipcore/transport/caresresolver.h"
#include "sipcore/transport/tcptransport.h"
#include "sipcore/transport/tlstransport.h"
#include "sipcore/transport/udptransport.h"
#include "sipcore/transport/websockettransport.h"
#include "sipcore/util/corethread.h"

#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace sipcore {

class AsioTimerFactory;
class UserAgentCore;

struct UserAgentOptions
{
    /// The address and port to listen on, for UDP and TCP alike.
    UdpTransportConfig transport;
    /// Also listen on (and send over) TCP at the same address and port.
    bool tcp = true;
    /// Also listen on (and send over) TLS: on the next port (5061 beside 5060) when that is
    /// free, else on any; with port 0 on any.
    bool tls = true;
    /// TLS and WSS trust and present these.
    TlsSettings tlsSettings;
    /// Also send over WebSocket, WS and WSS (RFC 7118), listening on any free ports.
    bool webSocket = true;
    /// How long an unused TCP, TLS or WebSocket connection stays open, and how often the
    /// TCP and TLS connections we open are pinged (none by default).
    StreamTiming streamTiming;
    /// Locate servers for domain names by NAPTR, SRV and A/AAAA (RFC 3263) rather than only
    /// their addresses.
    bool locateServers = true;
    /// The DNS servers for that, "host:port" comma-separated; empty for the system's.
    std::string dnsServers;
    /// An incoming call nobody answers within this is answered 480 (zero: never).
    Duration noAnswerTimeout = std::chrono::seconds(60);
    /// Whether an incoming call's audio is encrypted, by the address it was sent to (its
    /// Request-URI: the Contact of the account called); Off when unset. A call to a sips:
    /// URI always requires it.
    std::function<sdp::SrtpMode(const Uri &requestUri)> incomingSrtp;
    /// Makes each call's media endpoint; without one calls have no media (port 9).
    MediaEndpointFactory mediaEndpointFactory;
    /// The secrets Digest challenges are answered with (UserAgentCore::setCredentials).
    std::vector<Credentials> credentials;
    UserAgentCoreConfiguration core;
};

/// The thread-facing facade of sipcore (SIP.js's UserAgent): owns the core thread, the
/// transport and the user-agent core. Every public method may be called from the owner's
/// thread; the work is posted onto the core thread, and callbacks run there.
class UserAgent : private UserAgentCoreDelegate
{
public:
    /// Hears of each incoming call, on the core thread, before it rings; it sets the
    /// Invitation's listener and keeps the Invitation for as long as it wants the call.
    using IncomingCallHandler = std::function<void(const std::shared_ptr<Invitation> &)>;
    /// Hears of each REFER a call accepted (RFC 3515), on the core thread; see
    /// Session::ReferralHandler.
    using ReferralHandler = Session::ReferralHandler;

    explicit UserAgent(UserAgentOptions options);
    /// Stops (see stop()).
    ~UserAgent() override;
    UserAgent(const UserAgent &) = delete;
    UserAgent &operator=(const UserAgent &) = delete;

    /// On success \a error is empty and \a text is "udp:host:port" (TCP listens on the same
    /// port); on failure \a text is a sentence saying what failed and what to change.
    using StartHandler = std::function<void(std::error_code error, std::string text)>;
    /// Opens the transports: UDP, then TCP on the port UDP got (with port 0 a port free for
    /// both is looked for), then TLS, WS and WSS. \a onStarted runs on the core thread.
    void start(StartHandler onStarted);

    /// A new outgoing call to \a target; call invite() on it to dial. The Inviter's listener
    /// runs on the core thread. Must not be called after stop().
    std::shared_ptr<Inviter>
    makeInviter(Uri target, Inviter::Listener listener, InviterOptions options = {});
    /// A new registration; call registerContact() on it to register. The listener runs on the
    /// core thread. stop() disposes of it without unregistering: unregister first. Must not
    /// be called after stop().
    std::shared_ptr<Registerer> makeRegisterer(RegistererOptions options,
                                               Registerer::Listener listener);

    /// Who hears of incoming calls; call before start(). Without one, incoming calls are
    /// answered 480. Each new call rings (180) right after the handler has returned, except
    /// one whose INVITE replaces a call of ours (RFC 3891: Invitation::replacing() is set):
    /// that one is answered at once, and the call it replaces ends (Session::replaced()).
    /// A Replaces naming no call of ours gets 481, one naming a call that has ended 603, and
    /// one with early-only naming an answered call 486 (RFC 3891 §3).
    void setIncomingCallHandler(IncomingCallHandler handler);
    /// Who makes the calls that peers refer our calls to; call before start(). Without one,
    /// a REFER within a call is answered 501.
    void setReferralHandler(ReferralHandler handler);
    /// Who hears of the instant messages we receive (RFC 3428), within calls and outside any;
    /// call before start(). A text/plain one is answered 200 and handed over, another 415.
    /// Without a handler a MESSAGE is answered 405 (501 within a call).
    void setMessageHandler(InstantMessageHandler handler);
    /// A new instant message of \a body to \a target; call message() on it to send it. The
    /// listener runs on the core thread. Must not be called after stop().
    std::shared_ptr<Messager> makeMessager(Uri target,
                                           std::string body,
                                           Messager::Listener listener,
                                           MessagerOptions options = {});

    /// A new subscription to \a target's event state (RFC 6665); call subscribe() on it. The
    /// listener runs on the core thread. stop() disposes of it without unsubscribing. Must
    /// not be called after stop().
    std::shared_ptr<Subscriber>
    makeSubscriber(Uri target, SubscriberOptions options, Subscriber::Listener listener);
    /// A new publication of event state for \a target (RFC 3903), usually our AOR; call
    /// publish() on it. The listener runs on the core thread. stop() disposes of it without
    /// unpublishing. Must not be called after stop().
    std::shared_ptr<Publisher>
    makePublisher(Uri target, PublisherOptions options, Publisher::Listener listener);

    /// Disposes every call and registration, closes the transport and joins the core thread.
    /// Idempotent; call from the owner's thread. Inviters that outlive this are inert.
    void stop();

    CoreThread::Executor executor() { return m_thread.executor(); }

private:
    // UserAgentCoreDelegate
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override;
    bool onMessage(const std::shared_ptr<UserAgentServer> &server) override;
    /// Keeps \a session to dispose of in stop(), and gives it the referral handler; forgets
    /// those already gone.
    void track(const std::shared_ptr<Session> &session);
    /// Gives \a invitation its media endpoint and its INVITE's offer; false when the offer
    /// was refused (answered, and the invitation disposed of).
    bool takeOffer(Invitation &invitation);
    /// Answers an INVITE with Replaces (see setIncomingCallHandler).
    void receiveReplacingInvite(const std::shared_ptr<InviteUserAgentServer> &server,
                                std::string_view replaces);

    /// Listens on every transport the options ask for and gives them to the core. On failure
    /// \a problem is the sentence start() reports.
    std::error_code openTransports(std::string *problem);
    std::error_code openWebSocket(std::string *problem);

    UserAgentOptions m_options;
    CoreThread m_thread;
    // Core-thread state: created by start(), destroyed by stop(), touched only there.
    std::unique_ptr<AsioTimerFactory> m_timers;
    std::unique_ptr<UdpTransport> m_transport;
    std::unique_ptr<TcpTransport> m_tcp;
    std::unique_ptr<TlsTransport> m_tls;
    std::unique_ptr<WebSocketTransport> m_ws;
    std::unique_ptr<WebSocketTransport> m_wss;
    std::unique_ptr<CAresResolver> m_dns;
    std::unique_ptr<UserAgentCore> m_core;
    IncomingCallHandler m_incomingCallHandler; // set before start(), read on the core thread
    ReferralHandler m_referralHandler;         // the same
    InstantMessageHandler m_messageHandler;    // the same
    std::vector<std::weak_ptr<Messager>> m_messagers;
    std::vector<std::weak_ptr<Session>> m_sessions;
    std::vector<std::weak_ptr<Registerer>> m_registerers;
    std::vector<std::weak_ptr<Subscriber>> m_subscribers;
    std::vector<std::weak_ptr<Publisher>> m_publishers;
    bool m_stopped = false;
};

} // namespace sipcore
