#pragma once

#include "sipcore/core/dialog.h"
#include "sipcore/core/eventheader.h"
#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/subscriptionstate.h"
#include "sipcore/util/timer.h"

#include <chrono>
#include <memory>
#include <string>

namespace sipcore {

class UserAgentClient;

/// What a subscription dialog tells the layer above (SIP.js's SubscriptionDelegate). Called on
/// the core thread; each method may dispose of the dialog.
class SubscriptionDelegate
{
public:
    virtual ~SubscriptionDelegate() = default;
    /// A NOTIFY of the subscription, answered 200 and taken into the state already.
    virtual void onNotify(const Request &) {}
    /// The subscription is over (see SubscriptionDialog); called once.
    virtual void onTerminated() {}
};

/// The subscriber's side of a subscription (RFC 6665, SIP.js's SubscriptionDialog): the dialog
/// a NOTIFY created (§4.1.2.4), one per notifier that answers a forked SUBSCRIBE. Lives on the
/// core thread; the core outlives it unless dispose() was called.
///
///     NotifyWait --NOTIFY active--> Active --NOTIFY terminated--> Terminated
///          |   \--NOTIFY pending--> Pending --NOTIFY active-----> Active
///          +------------------------------------------------------> Terminated
///
/// - Each NOTIFY is answered 200 and taken into the state: its Subscription-State, and the
///   time left (its expires, else the 2xx's Expires, else what we asked for). One without a
///   Subscription-State gets 400, one for another event 481 (§4.1.3), and it reaches the
///   delegate only when answered 200. NOTIFY and our SUBSCRIBE are target refreshes.
/// - A pending or active subscription is refreshed by SUBSCRIBE at nine tenths of the time
///   left. A refresh answered 481 ends it; another failure leaves it to run out (§4.1.2.2).
/// - unsubscribe() sends SUBSCRIBE with Expires: 0; the NOTIFY with terminated that answers
///   it ends the subscription, or Timer N (64·T1) does without one.
/// - The subscription ends (Terminated, onTerminated) on a NOTIFY with terminated, when the
///   time runs out without a refresh, on a refresh answered 481, or after unsubscribe(). The
///   dialog then unregisters.
///
/// Other requests within the dialog get 405 with Allow: NOTIFY.
class SubscriptionDialog final :
    public Dialog,
    public std::enable_shared_from_this<SubscriptionDialog>,
    private OutgoingRequestDelegate
{
public:
    enum class State { NotifyWait, Pending, Active, Terminated };

    /// The dialog of §4.1.2.4 from the \a subscribe we sent and the \a notify that answers it
    /// (we are its UAS: route set = its Record-Route in order, remote target = its Contact),
    /// registered with the core and waiting for that NOTIFY: pass it to receiveRequest().
    /// \a expires is the time we asked for; \a granted the 2xx's Expires, when it came first.
    static std::shared_ptr<SubscriptionDialog> create(UserAgentCore &core,
                                                      const Request &subscribe,
                                                      const Request &notify,
                                                      std::chrono::seconds expires,
                                                      std::optional<std::chrono::seconds> granted);
    ~SubscriptionDialog() override;
    /// Answers a NOTIFY that cannot be one of a subscription to \a event and returns false: 481
    /// for another event (§4.1.3), 400 without a valid Subscription-State. Returns true, and
    /// sends nothing, for one that can.
    static bool admitsNotify(UserAgentServer &server, const EventHeader &event);

    State state() const { return m_state; }
    const EventHeader &event() const { return m_event; }
    /// The last Subscription-State a NOTIFY brought (reason and retry-after when it ended).
    const SubscriptionState &subscriptionState() const { return m_subscriptionState; }
    /// Terminated: why, in RFC 6665 §4.1.3's words. The terminated NOTIFY's reason (may be
    /// empty); "timeout" when the time ran out unrefreshed; "deactivated" when a refresh got
    /// 481 (a new subscription may follow at once); "unsubscribed" after unsubscribe() when
    /// Timer N ended the wait.
    const std::string &terminationReason() const { return m_terminationReason; }
    /// The time left when the state last changed; zero once it ended.
    std::chrono::seconds expires() const { return m_expires; }
    void setDelegate(SubscriptionDelegate *delegate) { m_delegate = delegate; }

    /// The 2xx to the SUBSCRIBE arrived after the NOTIFY: its Expires bounds the time left.
    void subscribeAccepted(const Response &response);
    /// Sends a SUBSCRIBE with the Expires we first asked for; nothing once terminated or while
    /// one is under way.
    void refresh();
    /// Ends the subscription (§4.1.2.3): SUBSCRIBE with Expires: 0, then the terminated NOTIFY
    /// or Timer N. Idempotent.
    void unsubscribe();
    /// Unregisters and stops every timer and request; the delegate hears nothing more.
    /// Idempotent.
    void dispose() override;

private:
    explicit SubscriptionDialog(UserAgentCore &core);
    void receiveInDialogRequest(UserAgentServer &server) override;
    void receiveNotify(UserAgentServer &server);
    /// Sends a SUBSCRIBE within the dialog asking for \a expires.
    void sendSubscribe(std::chrono::seconds expires);
    /// Arms the refresh at nine tenths of \a left and the end at \a left.
    void scheduleRefresh(std::chrono::seconds left);
    /// Ends the subscription for \a reason: Terminated, timers stopped, unregistered,
    /// onTerminated.
    void terminate(std::string reason);
    // OutgoingRequestDelegate: the responses to our SUBSCRIBEs.
    void onAccept(const Response &response) override;
    void onReject(const Response &response) override;
    void onRedirect(const Response &response) override { onReject(response); }

    SubscriptionDelegate *m_delegate = nullptr;
    EventHeader m_event;
    std::string m_eventValue; ///< as our SUBSCRIBE wrote it
    SubscriptionState m_subscriptionState;
    std::string m_terminationReason;
    State m_state = State::NotifyWait;
    std::chrono::seconds m_requested{0};
    std::chrono::seconds m_expires{0};
    std::optional<std::chrono::seconds> m_granted; ///< the SUBSCRIBE's 2xx Expires
    std::shared_ptr<UserAgentClient> m_subscribe;  ///< our refresh or unsubscribe under way
    std::unique_ptr<Timer> m_refreshTimer;
    std::unique_ptr<Timer> m_expiryTimer; ///< the end of the time left, or Timer N
    bool m_unsubscribing = false;
};

} // namespace sipcore
