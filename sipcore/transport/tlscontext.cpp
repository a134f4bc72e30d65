#include "sipcore/transport/tlscontext.h"

#include "sipcore/transport/transporterror.h"
#include "sipcore/util/logger.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace sipcore {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;

TlsContext::TlsContext(const TlsSettings &settings)
    : m_context(ssl::context::tls)
{
    m_context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2
                          | ssl::context::no_sslv3 | ssl::context::no_tlsv1
                          | ssl::context::no_tlsv1_1);
    const auto load = [this](std::string_view what, const std::string &file, auto &&loader) {
        boost::system::error_code ec;
        loader(ec);
        if (ec && m_problem.empty())
            m_problem = "cannot load the TLS " + std::string(what) + (file.empty() ? "" : " ")
                        + file + ": " + ec.message();
    };
    if (settings.caFile.empty())
        load("system certificate store", "",
             [&](auto &ec) { m_context.set_default_verify_paths(ec); });
    else
        load("CA file", settings.caFile,
             [&](auto &ec) { m_context.load_verify_file(settings.caFile, ec); });
    if (!settings.certificateFile.empty())
        load("certificate", settings.certificateFile,
             [&](auto &ec) { m_context.use_certificate_chain_file(settings.certificateFile, ec); });
    if (!settings.privateKeyFile.empty())
        load("private key", settings.privateKeyFile, [&](auto &ec) {
            m_context.use_private_key_file(settings.privateKeyFile, ssl::context::pem, ec);
        });
    m_context.set_verify_mode(settings.requireClientCertificate
                                      ? ssl::verify_peer | ssl::verify_fail_if_no_peer_cert
                                      : ssl::verify_none);
}

void TlsContext::verifyServer(ssl::stream<asio::ip::tcp::socket> &stream,
                              const std::string &serverName)
{
    boost::system::error_code notAnAddress;
    asio::ip::make_address(serverName, notAnAddress);
    if (notAnAddress) // SSL_set_tlsext_host_name, without the macro's C cast
        SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char *>(serverName.c_str()));
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification(serverName));
}

std::error_code TlsContext::handshakeFailure(ssl::stream<asio::ip::tcp::socket> &stream,
                                             bool client,
                                             const std::string &serverName,
                                             const boost::system::error_code &ec,
                                             const Logger &logger,
                                             const std::string &connectionName)
{
    const long verify = SSL_get_verify_result(stream.native_handle());
    const bool rejected = client && verify != X509_V_OK;
    logger.warning(connectionName + " TLS handshake failed: "
                   + (rejected ? "certificate of " + serverName
                                         + " rejected: " + X509_verify_cert_error_string(verify)
                               : ec.message()));
    return rejected ? TransportError::CertificateRejected : TransportError::TlsFailed;
}

} // namespace sipcore
