#include "sipcore/core/inviteuseragentclient.h"

#include "sipcore/core/sessiondialog.h"

namespace sipcore {

InviteUserAgentClient::InviteUserAgentClient(UserAgentCore &core,
                                             Request message,
                                             OutgoingInviteRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::Invite, core, std::move(message), delegate)
    , m_inviteDelegate(delegate)
{}

InviteUserAgentClient::~InviteUserAgentClient() = default;

void InviteUserAgentClient::setDelegate(OutgoingInviteRequestDelegate *delegate)
{
    m_inviteDelegate = delegate;
    UserAgentClient::setDelegate(delegate);
}

std::vector<std::shared_ptr<SessionDialog>> InviteUserAgentClient::earlyDialogs() const
{
    std::vector<std::shared_ptr<SessionDialog>> early;
    for (const auto &[tag, dialog] : m_dialogsByToTag)
        if (dialog->isEarly())
            early.push_back(dialog);
    return early;
}

void InviteUserAgentClient::dispose()
{
    UserAgentClient::dispose();
    // The confirmed dialogs are their sessions' (or have sent their BYE); the early ones die
    // with the INVITE.
    std::erase_if(m_dialogsByToTag, [](const auto &entry) {
        if (!entry.second->isEarly())
            return false;
        entry.second->dispose();
        return true;
    });
}

void InviteUserAgentClient::dispatchResponse(const Response &response)
{
    auto to = response.to();
    const std::string toTag(to.ok() ? to->tag().value_or("") : "");
    const int code = response.statusCode;
    if (code > 100 && code < 200 && !toTag.empty()) {
        auto it = m_dialogsByToTag.find(toTag);
        if (it == m_dialogsByToTag.end())
            it = m_dialogsByToTag
                         .emplace(toTag, SessionDialog::createAsUac(m_core, message(), response))
                         .first;
        // RFC 3262 §4: a reliable one is PRACKed once, in order; its retransmissions are not
        // news.
        if (response.listsValue("Require", "100rel") && it->second->isEarly()
            && !it->second->prack(response))
            return;
    }
    if (code >= 300) {
        // §12.3: a non-2xx final ends the early dialogs.
        std::erase_if(m_dialogsByToTag, [](const auto &entry) {
            if (!entry.second->isEarly())
                return false;
            entry.second->dispose();
            return true;
        });
    }
    if (code < 200 || code >= 300)
        return UserAgentClient::dispatchResponse(response);

    std::shared_ptr<SessionDialog> dialog;
    if (auto it = m_dialogsByToTag.find(toTag); it != m_dialogsByToTag.end()) {
        if (!it->second->isEarly()) {
            it->second->resendAck(response.cseq()->sequence); // a 2xx retransmission
            return;
        }
        dialog = it->second;
        dialog->confirm(response);
    } else {
        dialog = SessionDialog::createAsUac(m_core, message(), response);
        m_dialogsByToTag.emplace(toTag, dialog);
    }
    if (m_accepted || !m_inviteDelegate) {
        m_logger.info("a second 2xx (To tag " + toTag + "): ACK and BYE it");
        dialog->ack();
        dialog->bye(nullptr);
        return;
    }
    m_accepted = true;
    m_firstDialog = dialog;
    m_inviteDelegate->onAcceptSession(response, dialog);
}

} // namespace sipcore
