#pragma once

#include <QMainWindow>

class Call;
class CallWindow;
class QMenu;
class Phone;
class QLabel;
class QLineEdit;
class QPushButton;
class QSystemTrayIcon;
class Settings;

/// The main window: an address field and a Call button, and below them each account's
/// registration (or what to fix when it failed); each call opens a CallWindow. The Audio menu
/// chooses the microphone, speaker and ringer. An
/// incoming call opens its window raised and active, asks the desktop for attention, and shows
/// a notification from the tray icon where the desktop has a tray.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Phone *phone, Settings *settings, QWidget *parent = nullptr);

    /// Dials \a address as if typed and Call pressed.
    void dial(const QString &address);

Q_SIGNALS:
    void callWindowOpened(CallWindow *window);

private:
    void onCallClicked();
    void onIncomingCall(Call *call);
    CallWindow *openCallWindow(Call *call);
    void showMessage(const QString &text, bool error);
    /// Shows every account's registration, a line each.
    void showAccounts();
    /// Fills the Audio menu's Microphone, Speaker and Ringer lists: the system's default and
    /// each device there is, the one chosen checked.
    void fillAudioMenu();

    Phone *m_phone;
    Settings *m_settings;
    QLineEdit *m_addressEdit;
    QPushButton *m_callButton;
    QLabel *m_messageLabel;
    QLabel *m_accountsLabel;
    QSystemTrayIcon *m_trayIcon = nullptr; // only where the desktop has a tray
    QMenu *m_audioMenu;
};
