import re,sys
p=sys.argv[1]
L=open(p).read().split('\n'); out=[]; i=0; n=0; skipped=0
while i<len(L):
    l=L[i]
    if not l.startswith('    pub async fn '):
        out.append(l); i+=1; continue
    # header up to line ending with '{' at fn level
    j=i
    while not L[j].endswith('{') or (L[j].startswith('        ') and not L[j].startswith('    ) ->') and j>i and not L[j].startswith('    >')):
        if L[j].startswith('    ') and L[j].endswith('{') and (L[j].startswith('    ) ->') or L[j].startswith('    > {') or j==i): break
        j+=1
    header=L[i:j+1]
    k=j+1
    while L[k]!='    }': k+=1
    body=L[j+1:k]
    htxt='\n'.join(header)
    # find the final statement: starts at a line with 8 spaces + 'self.call'
    st=None
    for b in range(len(body)-1,-1,-1):
        if body[b].startswith('        self.call(') or body[b].startswith('        self.call_empty('):
            st=b; break
        if body[b].startswith('        ') and not body[b].startswith('         ') and not body[b].strip().startswith(')') and not body[b].strip().startswith('.'):
            break
    last='\n'.join(body[st:]) if st is not None else ''
    m=re.search(r'\) -> (.*) \{$',htxt,re.S)
    em=re.search(r'Error<(types::\w+)>',htxt)
    if st is None or not last.rstrip().endswith('.await') or not m or not em:
        out+=L[i:k+1]; i=k+1; skipped+=1; continue
    ret=m.group(1)
    E=em.group(1)
    h=htxt[:m.start()]+') -> impl std::future::Future<Output = '+ret+'> {'
    h=h.replace('pub async fn','pub fn',1)
    pre=body[:st]
    last=last.rstrip()[:-len('.await')].rstrip()
    last=last.replace('self.call(','self.call_ready(',1).replace('self.call_empty(','self.call_empty_ready(',1)
    out.append(h)
    out.append('        let request = (|| -> Result<reqwest::RequestBuilder, Error<%s>> {'%E)
    out+=pre
    out.append('        Ok(request)')
    out.append('        })();')
    out.append(last)
    out.append('    }')
    n+=1; i=k+1
s='\n'.join(out)
helpers='''
    async fn call_ready<T: serde::de::DeserializeOwned, E>(&self, request: Result<reqwest::RequestBuilder, Error<E>>, retryable: bool, error: ErrorReader<E>) -> Result<T, Error<E>> {
        self.call(request?, retryable, error).await
    }
    async fn call_empty_ready<E>(&self, request: Result<reqwest::RequestBuilder, Error<E>>, retryable: bool, error: ErrorReader<E>) -> Result<(), Error<E>> {
        self.call_empty(request?, retryable, error).await
    }
'''
s=s.replace('    /// Like `call`, for a success without a body.\n', helpers+'    /// Like `call`, for a success without a body.\n',1)
open(p,'w').write(s); print(n,skipped)
