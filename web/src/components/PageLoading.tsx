import { Spin } from 'antd';

/** A centred spinner while a chunk or the session loads. */
export function PageLoading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 96 }}>
      <Spin size="large" />
    </div>
  );
}
