#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentserver.h"
#include "sipcore/session/instantmessage.h"
#include "sipcore/session/mediaendpoint.h"
#include "sipcore/session/sessiondescriptionhandler.h"
#include "sipcore/session/sessiontimer.h"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sipcore {

class ReferNotifier;
class UserAgentCore;

/// One call above the core (SIP.js's Session), the base of Inviter (outgoing) and Invitation
/// (incoming): the state machine the bridge maps one to one onto a call, the dialog once there
/// is one, and the BYE that ends it.
///
///   Initial --> Establishing --> Established --> Terminating --> Terminated
///      |             |                                               ^
///      +-------------+-----------------------------------------------+
///
/// Threads: the public commands may be called from any thread; they post onto the core
/// executor. The listener is called on the core thread with a copy of the status after every
/// change; dispose(), status() and setListener() are for the core thread only.
class Session : public std::enable_shared_from_this<Session>, protected SessionDelegate
{
public:
    enum class State { Initial, Establishing, Established, Terminating, Terminated };
    enum class EndReason {
        None,
        Cancelled,    ///< hung up before it was answered: by us (outgoing) or the caller
        Busy,         ///< 486, 600
        Rejected,     ///< other 4xx-6xx from the peer (including 603 Decline)
        Redirected,   ///< 3xx (redirects are not followed yet)
        Failed,       ///< timeout, transport error, or no ACK for our 2xx
        LocalHangup,  ///< we sent BYE
        RemoteHangup, ///< the peer sent BYE
        Declined,     ///< an incoming call we turned down
        NoAnswer,     ///< an incoming call nobody answered in time (480), or its Expires passed
        /// We transferred the call and the target answered; or our peer called the target we
        /// referred it to and then hung up; or a new call replaced this one (RFC 3891).
        Transferred,
    };
    /// Where a transfer we asked for (transfer()) stands.
    enum class TransferState {
        None,
        Requested, ///< REFER sent
        Accepted,  ///< the peer accepted the REFER (202) and calls the target
        Succeeded, ///< the target answered (a NOTIFY with a 2xx sipfrag); the call ends
        Failed,    ///< the REFER was refused, or the target did not answer
    };
    struct Status
    {
        State state = State::Initial;
        bool ringing = false; ///< outgoing: a 180 or 183 arrived; incoming: we sent 180
        /// Outgoing: a provisional response carried the answer, so the peer's early media
        /// plays in place of a local ringback tone (RFC 3960).
        bool earlyMedia = false;
        /// The audio stream offer/answer agreed is encrypted (SRTP).
        bool encrypted = false;
        int statusCode = 0; ///< the last response's status code, sent or received
        std::string reasonPhrase;
        EndReason endReason = EndReason::None;
        bool held = false;       ///< we put the call on hold, and the peer accepted
        bool remoteHeld = false; ///< the peer's last offer put us on hold
        TransferState transfer = TransferState::None;
        /// The REFER's status when refused, else the target's from the last NOTIFY.
        int transferStatusCode = 0;
        /// The DTMF digits the peer sent by INFO, in order.
        std::string receivedDigits;
    };
    using Listener = std::function<void(const Status &)>;
    /// What a peer's REFER asks us to call (RFC 3515): the Refer-To URI without its headers,
    /// the Replaces it carried (RFC 3891 §4, unescaped; empty when none) and the REFER's
    /// Referred-By value (RFC 3892; empty when none), for the INVITE to carry.
    struct Referral
    {
        Uri target; ///< without its headers and method parameter
        std::string replaces = {};
        std::string referredBy = {};
        /// The other headers of the Refer-To URI that the request may carry (RFC 3515 §2.1,
        /// RFC 3261 §19.1.5), decoded: Subject, Priority, Call-Info, X-… . Left out: the
        /// dangerous ones and those that would misstate who or what we are (From, To,
        /// Call-ID, CSeq, Via, Route, Record-Route, Contact, Accept*, Allow, Supported,
        /// Require, User-Agent, Organization, credentials, asserted identities, Max-Forwards,
        /// Content-*), a body, and any with a bad name or a control character in its value.
        std::vector<std::pair<std::string, std::string>> headers = {};
    };
    /// Hears of a REFER this session accepted (202), on the core thread: it is to make the
    /// call, an Inviter whose InviterOptions::referrer is \a referrer, so that the peer hears
    /// of its progress by NOTIFY.
    using ReferralHandler
            = std::function<void(const std::shared_ptr<Session> &referrer, Referral referral)>;
    /// How this session stands to a dialog that a Replaces header names (RFC 3891 §3).
    enum class DialogMatch {
        None,      ///< not this session's dialog
        Early,     ///< an early dialog of an INVITE we sent
        Confirmed, ///< the session's confirmed dialog
        Ended,     ///< the session's dialog, which has ended or is ending
    };

    ~Session() override;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    /// Ends an established call with BYE.
    void bye();
    /// Puts an established call on hold (true) or takes it off (false) with a re-INVITE
    /// whose offer marks the audio stream as RFC 3264 §8.4 says; Status::held follows once
    /// the peer accepts; nothing unless the call is established. A request while a re-INVITE
    /// is under way (ours or the peer's) is sent when it ends; a rejected one leaves the call
    /// as it was, except that 408 and 481 (§12.2.1.2) end the call with BYE.
    void hold(bool on);
    /// Blind transfer (RFC 3515, RFC 5589 §6): asks the peer of an established call with a
    /// REFER to call \a target. Status::transfer follows the REFER's answer and the peer's
    /// NOTIFYs (message/sipfrag); once the target answers, the call ends with BYE
    /// (Transferred). A failed transfer leaves the call up.
    void transfer(Uri target);
    /// Attended transfer (RFC 5589 §7): asks the peer of this established call with a REFER to
    /// call the peer of \a other, another established call of ours, with a Replaces header
    /// naming \a other's dialog (RFC 3891), so that the two peers talk and we drop out. Status
    /// as for transfer(); once the target answers, this call ends with BYE and \a other, which
    /// the target ends with BYE, ends as Transferred too.
    void transfer(const std::shared_ptr<Session> &other);
    /// Sends \a digits (0-9, *, #, A-D; others are skipped) to the peer of an established
    /// call: in the audio stream when its endpoint carries them (MediaEndpoint::sendDtmf),
    /// else one INFO with application/dtmf-relay each, each after the last was answered.
    void sendDtmf(std::string digits);
    /// Calls \a done, on the media thread, with the call's audio figures (all zero for a call
    /// without media).
    void requestMediaStatistics(std::function<void(const MediaStatistics &)> done);
    /// Does what Hang Up means in the current state (see the subclasses).
    virtual void hangup() = 0;

    /// Core thread only: drops the dialog, transactions and timers; no more listener calls.
    virtual void dispose();
    /// Core thread only.
    const Status &status() const { return m_status; }
    /// Core thread only: who hears of the changes from now on.
    void setListener(Listener listener) { m_listener = std::move(listener); }
    /// Core thread only, before the call's first offer or answer: the media engine's side of
    /// this call (the user agent sets the one its MediaEndpointFactory makes). Without one
    /// the call has no media. Digits the peer sends in the stream join receivedDigits.
    void setMediaEndpoint(std::shared_ptr<MediaEndpoint> endpoint);
    /// Core thread only, before the call's first offer or answer: whether its audio is to be
    /// encrypted (Off by default; an Inviter to a sips: URI and an Invitation for one are
    /// made Required).
    void setSrtpMode(sdp::SrtpMode mode) { m_srtpMode = mode; }
    /// The mode a call to or from \a uri gets when \a chosen was asked for: Required for a
    /// sips: URI (RFC 3261 §26.2.2: secure end to end, media too), else \a chosen.
    static sdp::SrtpMode srtpModeFor(const Uri &uri, sdp::SrtpMode chosen)
    {
        return uri.isSecure() ? sdp::SrtpMode::Required : chosen;
    }
    sdp::SrtpMode srtpMode() const { return m_srtpMode; }
    /// Core thread only: the media engine's side of this call; nullptr when it has none.
    const std::shared_ptr<MediaEndpoint> &mediaEndpoint() const { return m_mediaEndpoint; }
    /// Core thread only: the audio stream offer/answer agreed, if any.
    std::optional<sdp::NegotiatedAudio> negotiatedAudio() const;
    /// Core thread only: who makes the calls the peer refers us to. Without one a REFER is
    /// answered 501.
    void setReferralHandler(ReferralHandler handler) { m_referralHandler = std::move(handler); }
    /// Core thread only: who hears of the messages (MESSAGE) within the call. Without one a
    /// MESSAGE is answered 501.
    void setMessageHandler(InstantMessageHandler handler) { m_messageHandler = std::move(handler); }
    /// Core thread only: whether \a callId, \a localTag and \a remoteTag name this session's
    /// dialog, and in which state (see DialogMatch).
    virtual DialogMatch matchDialog(std::string_view callId,
                                    std::string_view localTag,
                                    std::string_view remoteTag) const;
    /// Core thread only: a new call replaced this one (RFC 3891 §3). It ends as Transferred:
    /// with BYE when established, cancelled when not yet answered.
    void replaced();

protected:
    Session(UserAgentCore &core, boost::asio::any_io_executor executor, Listener listener);

    /// shared_from_this() as the subclass.
    template<class T>
    std::shared_ptr<T> self()
    {
        return std::static_pointer_cast<T>(shared_from_this());
    }

    /// Sends BYE on the dialog unless it has ended: Terminating, then Terminated when the BYE
    /// is answered (LocalHangup unless an end reason was set before).
    void doBye();
    void update(const Response &response);
    void update(int statusCode, std::string reasonPhrase);
    /// Terminated with \a reason (once).
    void finish(EndReason reason);
    /// Tells the listener, and the session that referred us here (setReferrer) how the call
    /// goes.
    void notify();
    /// This session is the call a REFER received by \a referrer asked for: its progress goes
    /// to the REFER's sender as NOTIFYs, until it is answered or fails.
    void setReferrer(std::weak_ptr<Session> referrer) { m_referrer = std::move(referrer); }
    /// Why the peer's offer was refused, and the response that says so.
    struct Refusal
    {
        int statusCode = 0;
        ResponseOptions options = {};
    };
    /// Takes the offer in \a request's body (not empty); nullopt when taken. Refused: 415 (with
    /// Accept) for a body that is not SDP, 400 for SDP that does not parse, 488 (Warning 305)
    /// for one without a codec we have, 488 for one we cannot encrypt as srtpMode() wants,
    /// 491 while our own offer is unanswered (RFC 3311 §5.2).
    std::optional<Refusal> takeRemoteOffer(const Request &request);
    /// The call's offer/answer, made on first use (with the media endpoint set by then).
    SessionDescriptionHandler &descriptions();
    /// The direction we want for our stream: sendrecv, or sendonly on hold (RFC 3264 §8.4).
    sdp::Direction wantedDirection() const;
    /// Our offer with wantedDirection().
    std::string makeOffer();
    /// Takes the peer's answer \a sdp to our offer; false, logged, when it cannot be used.
    /// An empty one is no answer: from a \a final response (or ACK) that drops the offer,
    /// from a provisional one it changes nothing.
    bool takeAnswer(std::string_view sdp, bool final = false);
    /// Why the last answer takeAnswer() was given could not be used; empty when it could.
    std::error_code answerError() const { return m_answerError; }
    /// Keeps the direction of the peer's first description (its first offer, or the answer to
    /// our first offer): inactive there means no media rather than hold.
    void noteRemoteDirection();
    /// Ends the media, once the call is over.
    void closeMedia();
    /// Takes \a dialog as the session's and listens to it.
    void setDialog(std::shared_ptr<SessionDialog> dialog);

    // SessionDelegate
    void onBye(const Request &request) override;
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override;
    /// Sends a hold change that had to wait for the peer's re-INVITE.
    void onAck(const Request &request) override;
    /// DTMF (application/dtmf-relay or application/dtmf); 415 for other content.
    void onInfo(const std::shared_ptr<UserAgentServer> &server) override;
    /// The progress of our REFER (Event: refer); 489 for other events.
    void onNotify(const std::shared_ptr<UserAgentServer> &server) override;
    /// The peer's REFER: 202 and a referral to the handler (see setReferralHandler); 400 without
    /// exactly one SIP Refer-To, 491 while an earlier referral is under way, 481 once the call
    /// ends.
    void onRefer(const std::shared_ptr<UserAgentServer> &server) override;
    /// A refresh (or with Expires: 0 the end) of the implicit subscription of the peer's REFER
    /// we accepted: 200 and a NOTIFY of the state. 481 when it has ended or names another
    /// REFER; 489 with Allow-Events for another package.
    void onSubscribe(const std::shared_ptr<UserAgentServer> &server) override;
    /// A text/plain MESSAGE goes to the message handler (200), another gets 415.
    void onMessage(const std::shared_ptr<UserAgentServer> &server) override;
    /// An offer (RFC 3311) is answered as a re-INVITE's would be, hold included; an UPDATE
    /// without one gets 200.
    void onUpdate(const std::shared_ptr<UserAgentServer> &server) override;

    UserAgentCore &m_core;
    boost::asio::any_io_executor m_executor;
    Listener m_listener;
    Status m_status;
    std::shared_ptr<SessionDialog> m_dialog;
    bool m_disposed = false;
    /// The session timer (RFC 4028): Inviter and Invitation negotiate it with the first 2xx,
    /// each later 2xx to a re-INVITE or UPDATE anew. When we refresh, the refresh is an UPDATE
    /// without a body if the peer allows UPDATE, else a re-INVITE with our offer; a refresh
    /// answered 408 or 481 ends the call with BYE (§10), as does the peer's missing refresh
    /// (Failed, 408).
    SessionTimer m_sessionTimer;
    /// The peer's Allow (in its INVITE or 2xx) lists UPDATE.
    bool m_peerAllowsUpdate = false;
    /// What our re-INVITEs and UPDATEs carry for the session timer.
    std::vector<HeaderLine> timerHeaders() const;

private:
    class ByeDelegate : public OutgoingRequestDelegate
    {
    public:
        explicit ByeDelegate(Session &session)
            : m_session(session)
        {}
        void onAccept(const Response &response) override { m_session.onByeDone(response); }
        void onReject(const Response &response) override { m_session.onByeDone(response); }

    private:
        Session &m_session;
    };

    class ReinviteDelegate : public OutgoingRequestDelegate
    {
    public:
        explicit ReinviteDelegate(Session &session)
            : m_session(session)
        {}
        void onAccept(const Response &response) override { m_session.onReinviteDone(response); }
        void onReject(const Response &response) override { m_session.onReinviteDone(response); }

    private:
        Session &m_session;
    };

    /// Calls \a onFinal with each final response; nothing else.
    class FinalDelegate : public OutgoingRequestDelegate
    {
    public:
        explicit FinalDelegate(std::function<void(const Response &)> onFinal)
            : m_onFinal(std::move(onFinal))
        {}
        void onAccept(const Response &response) override { m_onFinal(response); }
        void onRedirect(const Response &response) override { m_onFinal(response); }
        void onReject(const Response &response) override { m_onFinal(response); }

    private:
        std::function<void(const Response &)> m_onFinal;
    };

    void onByeDone(const Response &response);
    /// The session timer says we refresh now.
    void refreshSession();
    /// The session timer says the peer's refresh did not come: BYE (Failed).
    void sessionExpired();
    void onRefreshDone(const Response &response);
    /// The answer to the offer of a re-INVITE or UPDATE (our offer for a re-INVITE without
    /// one when \a offerWhenNone, no body for an UPDATE without one), noting whether the
    /// offer puts us on hold; nullopt after refusing the offer as takeRemoteOffer() says
    /// (RFC 3261 §14.2: the session stays as it was).
    std::optional<ResponseOptions> answerOffer(UserAgentServer &server, bool offerWhenNone);
    /// Sends the REFER of transfer(); \a replaced is the other call of an attended transfer.
    void sendRefer(const Uri &target, std::weak_ptr<Session> replaced);
    void onReferDone(const Response &response);
    /// Status::transfer becomes Failed with \a statusCode.
    void transferFailed(int statusCode);
    /// The referrer's side of notify(): \a status of the call it asked for, as a NOTIFY.
    void reportReferral(const Status &status);
    /// Sends the next queued digit unless an INFO is under way.
    void sendNextDigit();
    /// Sends the re-INVITE for m_wantHeld if it differs from the state and none is under way.
    void sendHoldReinvite();
    void onReinviteDone(const Response &response);

    ByeDelegate m_byeDelegate{*this};
    ReinviteDelegate m_reinviteDelegate{*this};
    FinalDelegate m_referDelegate{[this](const Response &response) {
        onReferDone(response);
    }};
    FinalDelegate m_infoDelegate{[this](const Response &) {
        m_infoClient.reset();
        sendNextDigit();
    }};
    FinalDelegate m_refreshDelegate{[this](const Response &response) {
        onRefreshDone(response);
    }};
    std::shared_ptr<UserAgentClient> m_referClient;
    std::shared_ptr<UserAgentClient> m_refreshClient; ///< our last refresh by UPDATE
    /// Attended transfer: the call that the target is to replace.
    std::weak_ptr<Session> m_transferReplaces;
    ReferralHandler m_referralHandler;
    InstantMessageHandler m_messageHandler;
    /// The subscription of the peer's last REFER, while it reports.
    std::unique_ptr<ReferNotifier> m_referNotifier;
    /// The session that referred us to this call, until the call is answered or fails.
    std::weak_ptr<Session> m_referrer;
    /// The call was transferred away: the peer's BYE ends it as Transferred.
    bool m_transferredAway = false;
    std::shared_ptr<UserAgentClient> m_infoClient;
    std::string m_pendingDigits;
    bool m_wantHeld = false;
    /// What the re-INVITE under way asks for; empty while none is.
    std::optional<bool> m_offeredHeld;
    /// The refresh under way is a re-INVITE with our offer.
    bool m_refreshOffered = false;
    std::shared_ptr<MediaEndpoint> m_mediaEndpoint;
    sdp::SrtpMode m_srtpMode = sdp::SrtpMode::Off;
    std::error_code m_answerError;
    std::unique_ptr<SessionDescriptionHandler> m_descriptions;
    /// The direction in the peer's first description: inactive there means no media, not
    /// hold.
    std::optional<sdp::Direction> m_remoteInitialDirection;
};

} // namespace sipcore
