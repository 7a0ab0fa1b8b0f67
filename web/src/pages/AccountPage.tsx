import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/context.ts';

/** The signed-in user's account: name, role, organisation (the home of roles without a portal yet). */
export default function AccountPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const orgName = i18n.language.startsWith('zh') || !me.org.nameEn ? me.org.name : me.org.nameEn;
  return (
    <Card>
      <Typography.Title level={3}>{t('account.title')}</Typography.Title>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'displayName', label: t('account.displayName'), children: me.displayName },
          { key: 'username', label: t('account.username'), children: me.username },
          { key: 'role', label: t('account.role'), children: t(`roles.${me.role}`) },
          { key: 'org', label: t('account.org'), children: orgName },
          { key: 'orgKind', label: t('account.orgKind'), children: t(`orgKinds.${me.org.kind}`) },
          ...(me.enterpriseUscc ? [{ key: 'uscc', label: t('enterprise.uscc'), children: me.enterpriseUscc }] : []),
        ]}
      />
    </Card>
  );
}
