import re,sys
p,mode=sys.argv[1],sys.argv[2]
s=open(p).read()
if mode=='nolen':
    s=re.sub(r'\((\d+), ("[^"]*")\) =>', r'\2 =>', s)
    s=s.replace('match (key.0.len(), key.0.as_ref()) {','match key.0.as_ref() {')
elif mode=='noreq':
    # replace the required-match: "match (\n slot_a,\n ...) {\n (Some(value_a),...) => {\n Ok(...)\n }\n (value_a, ...) => Err(...),\n }"
    L=s.split('\n'); out=[]; i=0; n=0
    while i<len(L):
        l=L[i]
        if l=='        match (' and L[i+1].strip().startswith('slot_'):
            # collect slots
            j=i+1; slots=[]
            while L[j].strip().startswith('slot_'): slots.append(L[j].strip().rstrip(',')); j+=1
            # find Ok( block start
            k=j
            while 'Ok(Self::Value {' not in L[k]: k+=1
            # body lines until matching '})' of Ok
            m=k+1; body=[]
            while L[m].strip()!='})': body.append(L[m]); m+=1
            # skip rest of match to closing '        }'
            e=m
            while L[e]!='        }': e+=1
            for sl in slots:
                out.append('        let %s = %s.unwrap();'%(sl.replace('slot_','value_'),sl))
            out.append('        Ok(Self::Value {'); out+=body; out.append('        })')
            i=e+1; n+=1; continue
        out.append(l); i+=1
    s='\n'.join(out); print(n)
open(p,'w').write(s)
